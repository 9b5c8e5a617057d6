import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { artifactsHome } from "@zkpop/prover";
import { ADMIN_TOKEN, PEPPER } from "./http.js";

// Real server processes (src/main.ts through tsx), for multi-process and kill -9 tests.

const MAIN = fileURLToPath(new URL("../../src/main.ts", import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<void>;
  api(
    path: string,
    init?: { body?: unknown; token?: string; method?: string },
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  ): Promise<{ status: number; body: any }>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function spawnServer(db: { sqlitePath?: string; postgresUrl?: string }): Promise<ServerProcess> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    ZKPOP_HOST: "127.0.0.1",
    ZKPOP_PORT: "0",
    ZKPOP_PEPPER: PEPPER,
    ZKPOP_ADMIN_TOKEN: ADMIN_TOKEN,
    ZKPOP_ADMIN_MEMBERS: "true",
    ZKPOP_HOME: artifactsHome(),
    // The suite's engine (ZKPOP_ENGINE=snarkjs puts the verifier processes on mcl-wasm).
    ...(process.env.ZKPOP_ENGINE ? { ZKPOP_ENGINE: process.env.ZKPOP_ENGINE } : {}),
    ZKPOP_VERIFIER_PROCESSES: "1",
    ZKPOP_RATE_LIMIT_PER_IP: "10000000",
    ZKPOP_RATE_LIMIT_PER_API_KEY: "10000000",
    ZKPOP_GROUP_SYNC_INTERVAL_MS: "100",
    // The enrollment fixtures were captured at a fixed time (so that they can be cached).
    ZKPOP_CAPTURE_FRESHNESS_MS: String(100 * 365 * 86_400_000),
    ZKPOP_LOG_LEVEL: "info", // the "listening" line carries the port
    ...(db.postgresUrl
      ? { ZKPOP_DB_KIND: "postgres", ZKPOP_DB_URL: db.postgresUrl, ZKPOP_DB_POOL_SIZE: "20" }
      : { ZKPOP_DB_KIND: "sqlite", ZKPOP_DB_PATH: db.sqlitePath ?? "" }),
  };
  const child = spawn(process.execPath, ["--import", TSX, MAIN], { env, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let stderr = "";
  child.stderr!.on("data", (d) => {
    stderr += String(d);
  });
  const port = await new Promise<number>((resolve, reject) => {
    let buf = "";
    const onData = (d: Buffer) => {
      buf += String(d);
      for (;;) {
        const nl = buf.indexOf("\n");
        if (nl < 0) break;
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        try {
          const rec = JSON.parse(line) as { msg?: string; port?: number };
          if (rec.msg === "zkpop server listening" && rec.port) {
            child.stdout!.off("data", onData);
            child.stdout!.resume(); // keep draining request logs
            resolve(rec.port);
          }
        } catch {}
      }
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited (${code}) before listening: ${stderr}`)));
    // Start-up (tsx, loading both circuits' keys, the verifier process) takes seconds when idle
    // but passed 60 s on a 2-core box at load 10; this only guards against a hang.
    setTimeout(() => reject(new Error(`server did not start in 180 s: ${stderr}`)), 180_000).unref();
  });
  const url = `http://127.0.0.1:${port}`;
  // Up to 200 sockets: 1,000 simultaneous connects would overflow the listen backlog (511)
  // and fail in the kernel, not in the code under test; the requests stay concurrent.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });
  const api: ServerProcess["api"] = (path, init = {}) =>
    new Promise((resolve, reject) => {
      const payload = init.body === undefined ? undefined : JSON.stringify(init.body);
      const headers: Record<string, string> = {};
      if (init.token) headers.authorization = `Bearer ${init.token}`;
      if (payload !== undefined) headers["content-type"] = "application/json";
      const req = http.request(
        url + path,
        { method: init.method ?? (payload !== undefined ? "POST" : "GET"), headers, agent },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (d) => {
            text += d;
          });
          res.on("end", () => {
            let body: unknown = text;
            try {
              body = JSON.parse(text);
            } catch {}
            resolve({ status: res.statusCode ?? 0, body });
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
    agent.destroy();
  };
  return { url, child, exited, api, stop };
}
