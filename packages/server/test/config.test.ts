import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, redactConfig } from "../src/config.js";

const PEPPER = "p".repeat(40);
const dir = mkdtempSync(join(tmpdir(), "zkpop-config-"));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
function error(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("config", () => {
  it("applies defaults with only the pepper set", () => {
    const c = loadConfig({ env: { ZKPOP_PEPPER: PEPPER } });
    expect(c).toMatchObject({
      host: "127.0.0.1",
      port: 8080,
      db: { kind: "sqlite", path: "zkpop.sqlite" },
      rootValidityMs: 3_600_000,
    });
    expect(c.adminToken).toBeUndefined();
  });

  it("requires the pepper and says where to set it", () => {
    const e = error(() => loadConfig({ env: {} }));
    expect(e.message).toContain("pepper");
    expect(e.message).toContain("ZKPOP_PEPPER");
  });

  it("never echoes secret values in errors", () => {
    const e = error(() =>
      loadConfig({ env: { ZKPOP_PEPPER: "short-secret-value", ZKPOP_ADMIN_TOKEN: "tiny-admin-secret" } }),
    );
    expect(e.issues).toHaveLength(2);
    expect(e.message).not.toContain("short-secret-value");
    expect(e.message).not.toContain("tiny-admin-secret");
  });

  it("reads numbers and nested settings from the environment", () => {
    const c = loadConfig({
      env: {
        ZKPOP_PEPPER: PEPPER,
        ZKPOP_PORT: "9000",
        ZKPOP_DB_KIND: "postgres",
        ZKPOP_DB_URL: "postgres://u:secret@db:5432/zk",
        ZKPOP_RATE_LIMIT_PER_IP: "5",
        ZKPOP_MICRO_BATCH_WINDOW_MS: "0",
        ZKPOP_HOST: "",
      },
    });
    expect(c.port).toBe(9000);
    expect(c.db).toEqual({ kind: "postgres", url: "postgres://u:secret@db:5432/zk", poolSize: 10 });
    expect(c.rateLimit).toEqual({ windowMs: 60_000, perIp: 5, perApiKey: 60_000 });
    expect(c.microBatchWindowMs).toBe(0);
    expect(c.host).toBe("127.0.0.1"); // empty means unset
  });

  it("names the variable of a bad value", () => {
    expect(error(() => loadConfig({ env: { ZKPOP_PEPPER: PEPPER, ZKPOP_PORT: "http" } })).message).toMatch(
      /port: .*\(ZKPOP_PORT\)/,
    );
    expect(error(() => loadConfig({ env: { ZKPOP_PEPPER: PEPPER, ZKPOP_PORT: "70000" } })).message).toContain(
      "ZKPOP_PORT",
    );
    expect(
      error(() => loadConfig({ env: { ZKPOP_PEPPER: PEPPER, ZKPOP_DB_KIND: "postgres" } })).message,
    ).toContain("db.url");
    expect(
      error(() => loadConfig({ env: { ZKPOP_PEPPER: PEPPER, ZKPOP_DB_KIND: "mysql" } })).message,
    ).toContain("db.kind");
    expect(
      error(() => loadConfig({ env: { ZKPOP_PEPPER: PEPPER, ZKPOP_LOG_LEVEL: "loud" } })).message,
    ).toContain("ZKPOP_LOG_LEVEL");
  });

  it("merges file < env, and a DB path alone means SQLite", () => {
    const f = file(
      "a.json",
      JSON.stringify({ pepper: PEPPER, port: 1234, db: { path: "/var/zk.db" }, rateLimit: { perIp: 7 } }),
    );
    const c = loadConfig({ env: { ZKPOP_CONFIG: f, ZKPOP_PORT: "4321" } });
    expect(c.port).toBe(4321);
    expect(c.db).toEqual({ kind: "sqlite", path: "/var/zk.db" });
    expect(c.rateLimit.perIp).toBe(7);
  });

  it("reports unreadable, invalid and misspelt files clearly", () => {
    expect(error(() => loadConfig({ env: {}, file: join(dir, "missing.json") })).message).toMatch(
      /cannot read config file .*missing\.json: ENOENT/,
    );
    expect(error(() => loadConfig({ env: {}, file: file("b.json", "{ nope") })).message).toMatch(
      /not valid JSON/,
    );
    expect(error(() => loadConfig({ env: {}, file: file("c.json", "[]") })).message).toMatch(/JSON object/);
    const typo = error(() =>
      loadConfig({ env: {}, file: file("d.json", JSON.stringify({ pepper: PEPPER, prot: 1 })) }),
    );
    expect(typo.message).toContain("prot");
  });

  it("redacts secrets for logging", () => {
    const c = loadConfig({
      env: {
        ZKPOP_PEPPER: PEPPER,
        ZKPOP_ADMIN_TOKEN: "a".repeat(40),
        ZKPOP_DB_KIND: "postgres",
        ZKPOP_DB_URL: "postgres://u:hunter2@db/zk",
      },
    });
    const r = JSON.stringify(redactConfig(c));
    expect(r).not.toContain(PEPPER);
    expect(r).not.toContain("a".repeat(40));
    expect(r).not.toContain("hunter2");
    expect(r).toContain("postgres://u:[redacted]@db/zk");
  });
});
