/**
 * Proven outside the monorepo: `npm pack` the public packages the quickstart needs, install the
 * tarballs into an empty temporary project offline (from npm's cache, no install scripts), and
 * run the README's quickstart there: a membership proof and its verification, and the
 * verification of an enrollment proof made by the repository's fixtures (and a tampered copy
 * refused as INVALID_PROOF). The installed packages find the circuits and the student model
 * through their own `files`, and share the artifact cache (its keys do not depend on paths).
 */
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { artifactsHome } from "@zkpop/prover";
import { afterAll, describe, expect, it } from "vitest";
import { enrollmentFixtures } from "./enrollment-fixtures.js";
import { repoRoot } from "./fixtures.js";
import { tarballLockfile } from "./lockfile.js";

// @zkpop/core and everything it depends on, plus the client (the published runtime, no ML).
const PACKAGES = [
  "errors",
  "circuits",
  "prover",
  "zkml",
  "image",
  "attestation",
  "enroll-circuit",
  "core",
  "client",
];

const QUICKSTART = `
import { readFileSync } from "node:fs";
import { Enrollment, Group, Identity, Membership, scopeOf } from "@zkpop/core";

const zk = await Membership.load();
const me = new Identity();
const group = new Group([me.commitment, new Identity().commitment]);
const scope = scopeOf("shop.example", "signup");
const proof = await zk.prove(me, group, scope, 0n);
const ok = await zk.verify(proof, { expectedScope: scope });
await zk.close();

const fixture = JSON.parse(readFileSync(process.argv[2], "utf8"));
const enrollment = await Enrollment.load();
const enrolled = await enrollment.verify(fixture.proof, { trustedAttesters: [fixture.attester] });
const tags = [...fixture.proof.tags];
tags[0] = fixture.proof.tags[1];
const tampered = await enrollment.verify({ ...fixture.proof, tags }).then(() => "accepted", (e) => e.code);
await enrollment.close();
console.log(JSON.stringify({ nullifier: ok.nullifier, tags: enrolled.tags.length, tampered }));
`;

const dir = mkdtempSync(path.join(tmpdir(), "zkpop-pack-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, ZKPOP_HOME: artifactsHome() } });

/** package.json of every package under packages/ that is published (not private). */
function publicManifests() {
  return readdirSync(path.join(repoRoot, "packages"))
    .map((d) => ({ dir: path.join(repoRoot, "packages", d), d }))
    .filter(({ dir }) => existsSync(path.join(dir, "package.json")))
    .map(({ dir, d }) => ({ d, dir, pkg: JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) }))
    .filter(({ pkg }) => pkg.private !== true);
}

describe("the published packages' metadata", () => {
  it("each has a description, a license, the one repository (its own folder) and files that exist", () => {
    const manifests = publicManifests();
    expect(manifests.map((m) => m.d)).toEqual(expect.arrayContaining(PACKAGES));
    // One repository URL for every package (a placeholder until the project has a public remote).
    const urls = new Set(manifests.map((m) => m.pkg.repository?.url));
    expect([...urls]).toHaveLength(1);
    for (const { d, dir, pkg } of manifests) {
      expect(pkg.description, d).toMatch(/\S{3}/);
      expect(pkg.license, d).toBe("MIT");
      expect(pkg.repository, d).toMatchObject({ type: "git", directory: `packages/${d}` });
      expect(pkg.repository.url, d).toMatch(/^git\+https:\/\/.+\.git$/);
      expect(pkg.files, d).toEqual(expect.arrayContaining(["dist", "README.md"]));
      for (const f of pkg.files as string[]) expect(existsSync(path.join(dir, f)), `${d}: ${f}`).toBe(true);
    }
  });
});

describe("the published packages, installed outside the repository", () => {
  it("run the README quickstart", { timeout: 900_000 }, async () => {
    const fixtures = await enrollmentFixtures();
    const tarballs = path.join(dir, "tarballs");
    mkdirSync(tarballs); // npm pack does not create its destination
    run(
      "npm",
      ["pack", "--silent", "--pack-destination", tarballs, ...PACKAGES.flatMap((p) => ["-w", `@zkpop/${p}`])],
      repoRoot,
    );
    const files = readdirSync(tarballs).filter((f) => f.endsWith(".tgz"));
    expect(files).toHaveLength(PACKAGES.length);

    const project = path.join(dir, "app");
    mkdirSync(project);
    // The tarballs as dependencies, every other package pinned as the repository's lockfile has it,
    // so npm installs from its cache (filled by the repository's npm ci) with no registry access.
    const lockfile = tarballLockfile(PACKAGES, (ws) => `file:../tarballs/zkpop-${ws}-0.1.0.tgz`) as {
      packages: Record<string, { dependencies?: Record<string, string> }>;
    };
    const dependencies = lockfile.packages[""]!.dependencies;
    writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify({ name: "app", private: true, type: "module", dependencies }),
    );
    writeFileSync(path.join(project, "package-lock.json"), JSON.stringify(lockfile));
    run("npm", ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], project);
    // Installed copies, not links into the repository.
    expect(readdirSync(path.join(project, "node_modules/@zkpop")).sort()).toEqual([...PACKAGES].sort());

    writeFileSync(path.join(project, "quickstart.mjs"), QUICKSTART);
    writeFileSync(
      path.join(project, "fixture.json"),
      JSON.stringify({ proof: fixtures.people[0], attester: fixtures.attester }),
    );
    const out = JSON.parse(
      run("node", ["quickstart.mjs", "fixture.json"], project).trim().split("\n").pop()!,
    );
    expect(out.nullifier).toMatch(/^[0-9]+$/);
    expect(out.tags).toBe(fixtures.people[0]!.tags.length);
    expect(out.tampered).toBe("INVALID_PROOF");
  });
});
