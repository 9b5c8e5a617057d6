import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { loadConfig, type RunningServer, startServer } from "@zkpop/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./fixtures.js";

// `zkpop service`: relying services and key rotation through a running registry's admin API.
// The registry here checks no proofs (its verifiers refuse everything): only keys are tested.

const run = promisify(execFile);
const ADMIN = "cli-service-admin-token-0123456789abcdef";
let server: RunningServer;

const zkpop = (...args: string[]) =>
  run(
    process.execPath,
    [path.join(repoRoot, "packages/cli/dist/main.js"), "service", ...args, "--url", server.url],
    {
      env: { PATH: process.env.PATH ?? "", ZKPOP_ADMIN_TOKEN: ADMIN },
    },
  ).catch((e: { stdout: string; stderr: string; code: number }) => e);

beforeAll(async () => {
  const config = loadConfig({
    env: {},
    overrides: {
      port: 0,
      pepper: "cli-service-pepper-0123456789abcdef01234",
      adminToken: ADMIN,
      db: { kind: "sqlite", path: ":memory:" },
      logLevel: "silent",
    },
  });
  server = await startServer({
    config,
    verifiers: {
      membership: { depth: 20, info: () => null, verify: async () => false },
      enrollment: { verifyEnrollment: async () => null },
    },
  });
});
afterAll(() => server?.close());

describe("zkpop service", () => {
  it("adds a service, rotates its key with a grace period, retires and revokes", async () => {
    const add = await zkpop("add", "shop", "--name", "Shop");
    const first = /\n(zkpop_[A-Za-z0-9_-]{43})\n/.exec(add.stdout)?.[1];
    expect(first, add.stdout).toBeDefined();
    const rotate = await zkpop("key", "add", "shop", "--retire-others-after", "3600");
    const second = /\n(zkpop_[A-Za-z0-9_-]{43})\n/.exec(rotate.stdout)?.[1];
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(rotate.stdout).toMatch(/key [0-9a-f]{16} expires \d{4}-\d\d-\d\dT/);
    const list = (await zkpop("key", "list", "shop")).stdout.trim().split("\n");
    expect(list).toHaveLength(2);
    expect(list.join("\n")).not.toContain("zkpop_"); // ids only, never keys
    const third = await zkpop("key", "add", "shop");
    expect(third.stderr).toMatch(/TOO_MANY_KEYS/);
    const oldId = list[0]!.split("\t")[0]!;
    expect((await zkpop("key", "retire", "shop", oldId)).stdout).toMatch(
      new RegExp(`key ${oldId} of shop stops at`),
    );
    expect((await zkpop("key", "add", "shop")).stdout).toMatch(/new key/);
    expect((await zkpop("revoke", "shop")).stdout).toMatch(/shop revoked at .*every key stopped/);
    expect((await zkpop("list")).stdout).toMatch(/^shop\tShop\t/);
  });

  it("needs the admin token from the environment and says what is wrong", async () => {
    const r = await run(
      process.execPath,
      [path.join(repoRoot, "packages/cli/dist/main.js"), "service", "list"],
      {
        env: { PATH: process.env.PATH ?? "" },
      },
    ).catch((e: { stderr: string; code: number }) => e);
    expect(r.stderr).toMatch(/ZKPOP_ADMIN_TOKEN/);
    expect((await zkpop("key", "add", "shop", "--retire-others-after", "1.5")).stderr).toMatch(
      /BAD_ARGUMENT/,
    );
    expect((await zkpop("help")).stdout).toMatch(/zkpop service key add RPID/);
  });
});
