import net from "node:net";

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  body: any;
  text: string;
}

/**
 * One HTTP/1.1 request written byte by byte on a socket, so tests can send what fetch never
 * would: wrong lengths, broken chunking, any header. The response is read until the server
 * closes (Connection: close).
 */
export function rawHttp(
  port: number,
  o: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: Buffer | string;
    head?: string;
    halfClose?: boolean;
  },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error("no response in 10 s")));
    socket.on("data", (d) => chunks.push(d));
    socket.on("error", reject);
    socket.on("close", () => {
      const raw = Buffer.concat(chunks).toString("latin1");
      const split = raw.indexOf("\r\n\r\n");
      const [statusLine = "", ...lines] = raw.slice(0, split).split("\r\n");
      const headers: Record<string, string> = {};
      for (const l of lines) {
        const i = l.indexOf(":");
        headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
      }
      let text = raw.slice(split + 4);
      if (headers["transfer-encoding"] === "chunked") text = dechunk(text);
      let body: unknown = text;
      try {
        body = JSON.parse(Buffer.from(text, "latin1").toString("utf8"));
      } catch {}
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body, text });
    });
    const body = o.body === undefined ? Buffer.alloc(0) : Buffer.from(o.body);
    const headers = { host: "127.0.0.1", connection: "close", ...o.headers };
    if (o.body !== undefined && !("content-length" in headers) && !("transfer-encoding" in headers))
      (headers as Record<string, string>)["content-length"] = String(body.length);
    const head =
      o.head ??
      `${o.method ?? "POST"} ${o.path} HTTP/1.1\r\n${Object.entries(headers)
        .map(([k, v]) => `${k}: ${v}`)
        .join("\r\n")}\r\n\r\n`;
    socket.write(Buffer.concat([Buffer.from(head, "latin1"), body]));
    if (o.halfClose) socket.end(); // the client stops sending (e.g. a body shorter than announced)
  });
}

function dechunk(s: string): string {
  let out = "";
  let i = 0;
  for (;;) {
    const nl = s.indexOf("\r\n", i);
    if (nl < 0) return out;
    const n = Number.parseInt(s.slice(i, nl), 16);
    if (!n) return out;
    out += s.slice(nl + 2, nl + 2 + n);
    i = nl + 2 + n + 2;
  }
}
