import { Writable } from "node:stream";
import { type ConfigInput, loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { type RunningServer, startServer } from "../../src/server.js";
import { SqliteStorage } from "../../src/storage/sqlite.js";
import type { Storage } from "../../src/storage/types.js";
import type { EnrollmentClaims, Verifiers } from "../../src/verifiers.js";

export const ADMIN_TOKEN = "admin-token-0123456789abcdef0123456789";
export const PEPPER = "pepper-0123456789abcdef0123456789abcdef";

/**
 * Stand-in proof checks for tests of routing, admin and registry rules (real proofs are in
 * membership/enroll/adversarial tests): a membership proof "verifies" unless its message is
 * 666; an enrollment body is taken as its claims unless it says valid: false.
 */
export const FAKE_VERIFIERS: Verifiers = {
  membership: { depth: 20, info: () => null, verify: async (proof) => proof.message !== "666" },
  enrollment: {
    verifyEnrollment: async (body) => {
      const b = body as EnrollmentClaims & { valid?: boolean };
      return b.valid === false ? null : b;
    },
  },
};

export interface TestServer extends RunningServer {
  logs: string[];
  clock: { t: number };
  api(
    path: string,
    init?: { method?: string; body?: unknown; token?: string; raw?: string; contentType?: string },
    // biome-ignore lint/suspicious/noExplicitAny: tests poke into arbitrary JSON responses
  ): Promise<{ status: number; body: any; headers: Headers }>;
}

/** A real server on 127.0.0.1, port 0, with captured logs and a controllable clock. */
export async function startTestServer(
  opts: { config?: Partial<ConfigInput>; verifiers?: Verifiers; storage?: Storage } = {},
): Promise<TestServer> {
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const config = loadConfig({
    env: {},
    overrides: {
      host: "127.0.0.1",
      port: 0,
      pepper: PEPPER,
      adminToken: ADMIN_TOKEN,
      db: { kind: "sqlite", path: ":memory:" },
      logLevel: "info",
      dedupThreshold: 3, // the registry-rule tests inject claims with 8 made-up tags
      ...opts.config,
    },
  });
  const clock = { t: 1_700_000_000_000 };
  const server = await startServer({
    config,
    logger: createLogger("info", sink),
    verifiers: opts.verifiers ?? FAKE_VERIFIERS,
    storage: opts.storage ?? new SqliteStorage({ path: ":memory:", now: () => clock.t }),
    now: () => clock.t,
  });
  const api: TestServer["api"] = async (path, init = {}) => {
    const headers: Record<string, string> = {};
    if (init.token) headers.authorization = `Bearer ${init.token}`;
    let body: string | undefined;
    if (init.raw !== undefined) body = init.raw;
    else if (init.body !== undefined) body = JSON.stringify(init.body);
    if (body !== undefined) headers["content-type"] = init.contentType ?? "application/json";
    const res = await fetch(server.url + path, {
      method: init.method ?? (body !== undefined ? "POST" : "GET"),
      headers,
      body,
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return Object.assign(server, { logs, clock, api });
}
