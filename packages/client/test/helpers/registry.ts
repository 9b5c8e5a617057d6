import path from "node:path";
import { loadConfig, type RunningServer, serve } from "@zkpop/server";

/** A real registry (real verifiers, one verifier process, SQLite in `dir`) on 127.0.0.1, port 0. */
export function startRegistry(dir: string, adminToken: string): Promise<RunningServer> {
  const config = loadConfig({
    env: {},
    overrides: {
      host: "127.0.0.1",
      port: 0,
      pepper: "client-test-pepper-0123456789abcdef0123",
      adminToken,
      adminMembers: true,
      db: { kind: "sqlite", path: path.join(dir, "db.sqlite") },
      verifierProcesses: 1,
      logLevel: "silent",
    },
  });
  return serve({ config });
}
