import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./fixtures.js";

const run = (file: string) =>
  execFileSync(process.execPath, ["--import", "tsx", path.join(repoRoot, "examples", file)], {
    cwd: repoRoot,
    encoding: "utf8",
  });

describe("examples run as documented", () => {
  it("examples/membership.ts proves and verifies", () => {
    expect(run("membership.ts")).toMatch(/valid membership proof for shop\.example:signup; nullifier \d+/);
  });
  it("examples/enrollment.ts detects, aligns, signs, proves and verifies an enrollment", () => {
    expect(run("enrollment.ts")).toMatch(/valid enrollment proof for \d+…: 512 dedup tags/);
  }, 600_000);
  it("examples/prove-circuit.ts proves, verifies and batch-verifies", () => {
    const out = run("prove-circuit.ts");
    expect(out).toContain("single: [ true, true, true ]");
    expect(out).toContain("batch: { allValid: true, invalid: [] }");
  });
});
