import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./fixtures.js";

const zkpop = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(repoRoot, "packages/cli/dist/main.js"), ...args], {
    cwd: repoRoot,
    encoding: "utf8",
  });

describe("zkpop CLI", () => {
  it("setup is idempotent and says where the artifacts are and that they are for development", () => {
    const r = zkpop("setup");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/already built/);
    expect(r.stdout).toMatch(/setup kind: development/);
    expect(r.stdout).toMatch(/Not for production/);
  });

  it("demo proves, accepts the first signup and refuses the second by nullifier", () => {
    const r = zkpop("demo", "--members", "20");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/verifies it: accepted/);
    expect(r.stdout).toMatch(/refused: NULLIFIER_USED/);
    expect(r.stdout).toMatch(/tampered nullifier: refused: PROOF_INVALID/);
  });

  it("bad arguments fail with a clear message and exit code 1", () => {
    const r = zkpop("demo", "--members", "zero");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/BAD_ARGUMENT: --members must be an integer/);
    expect(zkpop("frobnicate").stderr).toMatch(/unknown command "frobnicate"/);
  });
});
