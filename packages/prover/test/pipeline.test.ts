import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  ArtifactIntegrityError,
  compileCircuit,
  contribute,
  ensureDevPtau,
  finalizeCeremony,
  Groth16Verifier,
  loadArtifacts,
  nativeAddon,
  ProofCancelledError,
  Prover,
  readR1cs,
  releaseSnarkjsCurves,
  setupDevelopment,
  startCeremony,
  unsatisfiedConstraints,
  verifyCeremony,
  WitnessError,
  WitnessGenerator,
} from "@zkpop/prover";
import { afterAll, describe, expect, it } from "vitest";
import { circomlib, rangeMultiplier } from "../../../test/fixtures.js";
import { multiplier } from "./helpers.js";

// CI runs with the addon built: the snarkjs prover and snarkjs's development setup (the fallback)
// are exercised here too, so both engines stay tested in every run.
const engines = nativeAddon() ? (["native", "snarkjs"] as const) : (["snarkjs"] as const);

const temps: string[] = [];
async function tempDir() {
  const d = await mkdtemp(path.join(tmpdir(), "zkpop-test-"));
  temps.push(d);
  return d;
}
afterAll(async () => {
  await releaseSnarkjsCurves();
  for (const d of temps) await rm(d, { recursive: true, force: true });
});

describe("compile cache", () => {
  it("never compiles an unchanged circuit twice, and recompiles a changed one", async () => {
    const first = await compileCircuit({ source: rangeMultiplier, includePaths: [circomlib] });
    const again = await compileCircuit({ source: rangeMultiplier, includePaths: [circomlib] });
    expect(again.cached).toBe(true);
    expect(again.sourceHash).toBe(first.sourceHash);
    expect(again.info.nConstraints).toBe(first.info.nConstraints);

    const home = await tempDir();
    const src = path.join(home, "m.circom");
    await writeFile(
      src,
      (await readFile(rangeMultiplier, "utf8")).replace("Num2Bits(8);\n    ra", "Num2Bits(9);\n    ra"),
    );
    const changed = await compileCircuit({ source: src, includePaths: [circomlib], home });
    expect(changed.cached).toBe(false);
    expect(changed.sourceHash).not.toBe(first.sourceHash);
    expect(changed.info.nConstraints).toBe(first.info.nConstraints + 1);
    const optimised = await compileCircuit({ source: src, includePaths: [circomlib], home, optimization: 1 });
    expect(optimised.sourceHash).not.toBe(changed.sourceHash);
  });

  it("reports circom errors and missing includes clearly", async () => {
    const home = await tempDir();
    const broken = path.join(home, "broken.circom");
    await writeFile(
      broken,
      "pragma circom 2.1.5;\ntemplate T() { signal input a; signal output b; b <== a * a * a; }\ncomponent main = T();\n",
    );
    await expect(compileCircuit({ source: broken, home })).rejects.toMatchObject({
      code: "CIRCUIT_COMPILE_FAILED",
    });
    const missing = path.join(home, "missing.circom");
    await writeFile(missing, 'pragma circom 2.1.5;\ninclude "nowhere.circom";\n');
    await expect(compileCircuit({ source: missing, home })).rejects.toThrow(/nowhere.circom/);
  });
});

describe("witness soundness (range-checked multiplier)", () => {
  it("a witness that breaks one constraint fails the constraint check", async () => {
    const art = await multiplier();
    const r1cs = await readR1cs(art.r1csPath);
    const w = await (await WitnessGenerator.fromWasm(art.wasm)).witness({ a: 7, b: 9 });
    expect(unsatisfiedConstraints(r1cs, w)).toEqual([]);
    // Wire 1 is the output c: changing it breaks exactly the multiplication constraint.
    const forged = [...w];
    forged[1] = forged[1]! + 1n;
    expect(unsatisfiedConstraints(r1cs, forged).length).toBe(1);
    // Flipping any single wire other than the constant breaks at least one constraint.
    for (let i = 1; i < w.length; i++) {
      const f = [...w];
      f[i] = f[i]! + 1n;
      expect(unsatisfiedConstraints(r1cs, f).length).toBeGreaterThan(0);
    }
  });

  it("an out-of-range value cannot be witnessed, nor forged past the bit decomposition", async () => {
    const art = await multiplier();
    const gen = await WitnessGenerator.fromWasm(art.wasm);
    await expect(gen.witness({ a: 256, b: 1 })).rejects.toThrow(WitnessError);
    await expect(gen.witness({ a: -1, b: 1 })).rejects.toThrow(WitnessError);
    // Forge a = 256 with bits 2·bit... : a non-boolean "bit" violates b·(b-1) = 0.
    const r1cs = await readR1cs(art.r1csPath);
    const w = await gen.witness({ a: 128, b: 1 });
    const forged = w.map((v) => (v === 128n ? 256n : v));
    expect(unsatisfiedConstraints(r1cs, forged).length).toBeGreaterThan(0);
  });
});

describe("artifacts", () => {
  it("the development manifest says so and binds every file by hash", async () => {
    const art = await multiplier();
    expect(art.manifest.setup.kind).toBe("development");
    expect(art.manifest.setup.note).toMatch(/Not for production/);
    expect(art.manifest.circuit.nPublic).toBe(2);
    const copy = await tempDir();
    for (const f of await readdir(art.dir)) await copyFile(path.join(art.dir, f), path.join(copy, f));
    const zkey = await readFile(path.join(copy, "circuit.zkey"));
    zkey[zkey.length - 10] = zkey[zkey.length - 10]! ^ 1;
    await writeFile(path.join(copy, "circuit.zkey"), zkey);
    await expect(loadArtifacts(copy)).rejects.toThrow(ArtifactIntegrityError);
  });

  it.each(engines)("development setup on the %s engine is idempotent and its key proves", async (engine) => {
    const home = await tempDir();
    const compiled = await compileCircuit({ source: rangeMultiplier, includePaths: [circomlib], home });
    const a = await setupDevelopment(compiled, { home, engine });
    expect(a.cached).toBe(false);
    // snarkjs's path goes through a locally written powers of tau (bound by hash); native needs none.
    const { source, sha256 } = a.manifest.setup.ptau;
    if (engine === "native")
      expect({ source, sha256 }).toEqual({ source: expect.stringMatching(/native/), sha256: "" });
    else expect(sha256).toMatch(/^[0-9a-f]{64}$/);
    const b = await setupDevelopment(compiled, { home, engine });
    expect(b.cached).toBe(true);
    expect(b.manifest.sha256.zkey).toBe(a.manifest.sha256.zkey);
    const art = await loadArtifacts(a.dir);
    const prover = new Prover(art, { engine: "snarkjs" });
    const item = await prover.prove({ a: 3, b: 5 });
    await prover.close();
    expect((await Groth16Verifier.create(art.vkey, { engine: "mcl" })).verify(item)).toBe(true);
  });
});

describe.each(engines)("prover process (%s engine)", (engine) => {
  it("reports progress, can be cancelled, and proves again after a cancel", async () => {
    const prover = new Prover(await multiplier(), { engine });
    expect(prover.engine).toBe(engine);
    const stages: string[] = [];
    const first = await prover.prove({ a: 2, b: 3 }, { onProgress: (s) => stages.push(s) });
    expect(first.engine).toBe(engine);
    expect(stages).toEqual(["queued", "witness", "prove", "done"]);
    const ac = new AbortController();
    const p = prover.prove(
      { a: 4, b: 5 },
      { signal: ac.signal, onProgress: (s) => s === "witness" && ac.abort() },
    );
    await expect(p).rejects.toThrow(ProofCancelledError);
    const again = await prover.prove({ a: 6, b: 7 });
    expect(again.publicSignals).toEqual(["42", "6"]);
    await expect(prover.prove({ a: 999, b: 1 })).rejects.toThrow(WitnessError);
    await prover.close();
  });
});

describe("production path: multi-party phase 2", () => {
  it("contributions verify, finalize with a beacon, and a foreign key is rejected", async () => {
    const home = await tempDir();
    const compiled = await compileCircuit({ source: rangeMultiplier, includePaths: [circomlib], home });
    // Stands in for an external (e.g. perpetual) powers of tau file given by path.
    const ptau = await ensureDevPtau(6, { home });
    const z0 = path.join(home, "c0.zkey");
    const z1 = path.join(home, "c1.zkey");
    const z2 = path.join(home, "c2.zkey");
    await startCeremony(compiled, ptau, z0);
    const h1 = await contribute(z0, z1, "alice");
    const h2 = await contribute(z1, z2, "bob", "bob's own entropy from dice");
    expect(h1).toMatch(/^[0-9a-f]{128}$/);
    expect(h2).not.toBe(h1);
    expect(await verifyCeremony(compiled.r1csPath, ptau, z2)).toBe(true);

    const otherPtau = await ensureDevPtau(7, { home });
    expect(await verifyCeremony(compiled.r1csPath, otherPtau, z2)).toBe(false);

    const done = await finalizeCeremony(compiled, {
      zkeyPath: z2,
      ptauPath: ptau,
      beaconHash: "aa".repeat(32),
      contributions: [
        { name: "alice", hash: h1 },
        { name: "bob", hash: h2 },
      ],
    });
    expect(done.manifest.setup.kind).toBe("production");
    const art = await loadArtifacts(done.dir);
    const prover = new Prover(art);
    const item = await prover.prove({ a: 11, b: 12 });
    await prover.close();
    expect((await Groth16Verifier.create(art.vkey)).verify(item)).toBe(true);
    // The development key of the same circuit is another setup: it rejects this proof.
    const dev = await multiplier();
    expect((await Groth16Verifier.create(dev.vkey)).verify(item)).toBe(false);
  });
});
