/** The README's "Layout" section names every folder of packages/, and only those. */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./fixtures.js";

describe("README layout", () => {
  it("lists exactly the packages in packages/", () => {
    const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
    const section = readme.slice(
      readme.indexOf("## Layout"),
      readme.indexOf("\n## ", readme.indexOf("## Layout") + 1),
    );
    // Table rows: | `name` (`@zkpop/name`) ... ; a row may name two packages.
    const listed = [...section.matchAll(/`([a-z-]+)` \(`@zkpop\/\1`/g)].map((m) => m[1]!);
    const tree = readdirSync(path.join(repoRoot, "packages"), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect([...listed].sort()).toEqual([...tree].sort());
  });
});
