import { readFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { repoRoot } from "./fixtures.js";

const BUNDLE_DIR = path.join(repoRoot, "packages/web/dist/bundle");
const TYPES: Record<string, string> = { ".js": "text/javascript", ".map": "application/json" };

export interface WebPageServer {
  url: string;
  /** Requests for artifact bytes so far (a returning visitor should add none). */
  artifactRequests: number;
  /** Body bytes sent so far, every response counted (page, bundles, artifacts). */
  bytesSent: number;
  /** Serves a file under `/v1/artifacts/<its sha256>` (the registry's scheme). */
  serve(file: string): Promise<{ url: string; sha256: string; bytes: number }>;
  close(): Promise<void>;
}

/**
 * A loopback HTTP server for the browser tests: a blank page that exposes @zkpop/web's bundle as
 * `window.zkpop`, the bundle itself, artifacts by SHA-256, and `/tampered/<sha256>`: the same
 * file with one byte changed, as a hostile mirror would send it.
 */
export async function startWebPageServer(): Promise<WebPageServer> {
  const files = new Map<string, Buffer>();
  const state = { artifactRequests: 0, bytesSent: 0 };
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const send = (status: number, body: Buffer | string, type = "text/plain") => {
      const length = Buffer.byteLength(body);
      state.bytesSent += length;
      res.writeHead(status, { "content-type": type, "content-length": length });
      res.end(body);
    };
    if (url.pathname === "/")
      return send(
        200,
        `<!doctype html><title>zkpop web test</title><button id="b">input</button>
<script type="module">import * as zkpop from "/bundle/zkpop-web.js"; window.zkpop = zkpop;</script>`,
        "text/html",
      );
    const bundle = url.pathname.match(/^\/bundle\/([\w.-]+)$/);
    if (bundle) {
      try {
        const body = await readFile(path.join(BUNDLE_DIR, bundle[1]!));
        return send(200, body, TYPES[path.extname(bundle[1]!)] ?? "application/octet-stream");
      } catch {
        return send(404, "no such bundle file");
      }
    }
    const art = url.pathname.match(/^\/(v1\/artifacts|tampered)\/([0-9a-f]{64})$/);
    const bytes = art && files.get(art[2]!);
    if (!bytes) return send(404, "not found");
    state.artifactRequests++;
    if (art[1] === "tampered") {
      const bad = Buffer.from(bytes);
      bad[bad.length >> 1]! ^= 1;
      return send(200, bad, "application/octet-stream");
    }
    return send(200, bytes, "application/octet-stream");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { createHash } = await import("node:crypto");
  return {
    url: base,
    get artifactRequests() {
      return state.artifactRequests;
    },
    get bytesSent() {
      return state.bytesSent;
    },
    async serve(file) {
      const bytes = await readFile(file);
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      files.set(sha256, bytes);
      return { url: `${base}/v1/artifacts/${sha256}`, sha256, bytes: bytes.length };
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
