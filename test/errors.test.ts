/**
 * One error model: docs/errors.md is the table of @zkpop/errors, every code any package throws
 * (read from the sources, so a new code cannot slip past) is in that table, and the libraries
 * throw no bare Error / RangeError / TypeError (every error crossing a package boundary has a code).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { ERROR_TABLE, errorTableMarkdown, isErrorCode, ZkpopError } from "@zkpop/errors";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./fixtures.js";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

const packagesDir = path.join(repoRoot, "packages");
const files = readdirSync(packagesDir).flatMap((pkg) => {
  try {
    return sources(path.join(packagesDir, pkg, "src"));
  } catch {
    return [];
  }
});

// Where a code is given to an error: new XError("CODE", ...), super("CODE", ...), codeOf(v, "CODE").
const THROWN = [
  /new [A-Za-z]*Error\(\s*"([A-Z][A-Z0-9_]+)"/g,
  /super\(\s*"([A-Z][A-Z0-9_]+)"/g,
  /codeOf\([^,]+,\s*"([A-Z][A-Z0-9_]+)"\)/g,
  /parseOptions\([^,]+,[^,]+,\s*"([A-Z][A-Z0-9_]+)"/g,
];

describe("the error table", () => {
  it("docs/errors.md holds the table of @zkpop/errors", () => {
    const doc = readFileSync(path.join(repoRoot, "docs/errors.md"), "utf8");
    expect(doc).toContain(errorTableMarkdown());
  });

  it("has an HTTP status and a meaning for every code", () => {
    for (const [code, [status, meaning]] of Object.entries(ERROR_TABLE)) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
      expect(meaning.length, code).toBeGreaterThan(10);
    }
  });

  it("holds every code thrown in any package", () => {
    const thrown = new Map<string, string>();
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      for (const re of THROWN)
        for (const m of text.matchAll(re)) thrown.set(m[1]!, path.relative(repoRoot, f));
    }
    expect(thrown.size).toBeGreaterThan(40); // the scan sees the codes (not blind)
    const unknown = [...thrown].filter(([code]) => !isErrorCode(code));
    expect(unknown).toEqual([]);
  });

  it("gives every ZkpopError the status of its code", () => {
    expect(new ZkpopError("NULLIFIER_USED", "x").status).toBe(409);
    expect(new ZkpopError("INVALID_PROOF", "x").status).toBe(400);
  });
});

describe("no bare errors across package boundaries", () => {
  const libraries = files;
  it("no library throws a bare Error, RangeError or TypeError", () => {
    const bare = libraries.flatMap((f) =>
      readFileSync(f, "utf8")
        .split("\n")
        .map((line, i) => ({ line, at: `${path.relative(repoRoot, f)}:${i + 1}` }))
        .filter(({ line }) => /throw new (Error|RangeError|TypeError)\(/.test(line))
        .map(({ at }) => at),
    );
    expect(bare).toEqual([]);
  });
});
