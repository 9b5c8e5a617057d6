import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  compileCircuit,
  type Groth16Proof,
  Groth16Verifier,
  loadArtifacts,
  nativeAddon,
  releaseSnarkjsCurves,
  setupDevelopment,
  type VerificationKey,
} from "@zkpop/prover";
import * as snarkjs from "snarkjs";
import { afterAll, describe, expect, it } from "vitest";
import { circomlib, rangeMultiplier } from "../../../test/fixtures.js";

const temps: string[] = [];
async function tempDir() {
  const d = await mkdtemp(path.join(tmpdir(), "zkpop-native-setup-"));
  temps.push(d);
  return d;
}
afterAll(async () => {
  await releaseSnarkjsCurves();
  for (const d of temps) await rm(d, { recursive: true, force: true });
});

// A second small circuit: three public inputs, a Poseidon hash output and a product chain.
const HASH_CHAIN = `pragma circom 2.1.5;
include "poseidon.circom";
template HashChain() {
    signal input x[3];
    signal input k;
    signal output h;
    signal output p;
    component hash = Poseidon(3);
    for (var i = 0; i < 3; i++) hash.inputs[i] <== x[i] * k;
    h <== hash.out;
    signal t[3];
    t[0] <== x[0] * x[1];
    t[1] <== t[0] * x[2];
    t[2] <== t[1] * k;
    p <== t[2];
}
component main {public [x]} = HashChain();
`;

async function nativeKey(source: string) {
  const home = await tempDir();
  const compiled = await compileCircuit({ source, includePaths: [circomlib], home });
  const res = await setupDevelopment(compiled, { home, engine: "native" });
  return { compiled, res, art: await loadArtifacts(res.dir), zkey: path.join(res.dir, "circuit.zkey") };
}

describe.skipIf(!nativeAddon())("native development setup (toxic waste -> .zkey)", () => {
  it("writes a key snarkjs proves and verifies with, marked development", async () => {
    const { res, art, zkey } = await nativeKey(rangeMultiplier);
    expect(res.cached).toBe(false);
    expect(art.manifest.setup.kind).toBe("development");
    expect(art.manifest.setup.note).toMatch(/Not for production/);
    expect(art.manifest.setup.ptau.source).toMatch(/native development setup/);
    // snarkjs reads the key: its exported verification key is the one the bundle carries.
    const vkey = (await snarkjs.zKey.exportVerificationKey(zkey)) as VerificationKey;
    expect(vkey).toEqual(art.vkey);
    const wasm = path.join(res.dir, "circuit.wasm");
    const native = await Groth16Verifier.create(vkey, { engine: "native" });
    const mcl = await Groth16Verifier.create(vkey, { engine: "mcl" });
    for (const [a, b] of [
      [3, 7],
      [255, 255],
      [0, 9],
    ]) {
      const full = await snarkjs.groth16.fullProve({ a, b }, wasm, zkey);
      const { publicSignals } = full;
      const proof = full.proof as unknown as Groth16Proof;
      expect(publicSignals).toEqual([String(a! * b!), String(a)]);
      const item = { proof, publicSignals };
      expect(await snarkjs.groth16.verify(vkey, publicSignals, proof)).toBe(true);
      expect(native.verify(item)).toBe(true);
      expect(mcl.verify(item)).toBe(true);
      const forged = { proof, publicSignals: [String(a! * b! + 1), String(a)] };
      expect(await snarkjs.groth16.verify(vkey, forged.publicSignals, proof)).toBe(false);
      expect(native.verify(forged)).toBe(false);
    }
  });

  it("works for a circuit with several public inputs and outputs (Poseidon, products)", async () => {
    const dir = await tempDir();
    const src = path.join(dir, "hash-chain.circom");
    await writeFile(src, HASH_CHAIN);
    const { art, zkey } = await nativeKey(src);
    expect(art.vkey.nPublic).toBe(5);
    const wasm = path.join(art.dir, "circuit.wasm");
    const full = await snarkjs.groth16.fullProve({ x: [2, 3, 5], k: 7 }, wasm, zkey);
    const { publicSignals } = full;
    const proof = full.proof as unknown as Groth16Proof;
    expect(publicSignals[1]).toBe(String(2 * 3 * 5 * 7));
    expect(await snarkjs.groth16.verify(art.vkey, publicSignals, proof)).toBe(true);
    const native = await Groth16Verifier.create(art.vkey, { engine: "native" });
    expect(native.verify({ proof, publicSignals })).toBe(true);
    const swapped = [
      publicSignals[0]!,
      publicSignals[1]!,
      publicSignals[3]!,
      publicSignals[2]!,
      publicSignals[4]!,
    ];
    expect(native.verify({ proof, publicSignals: swapped })).toBe(false);
    expect(await snarkjs.groth16.verify(art.vkey, swapped, proof)).toBe(false);
  });

  it("draws fresh toxic waste every time: two setups of one circuit are different keys", async () => {
    const a = await nativeKey(rangeMultiplier);
    const b = await nativeKey(rangeMultiplier);
    expect(a.art.vkey.vk_delta_2).not.toEqual(b.art.vkey.vk_delta_2);
    expect(a.art.vkey.vk_alpha_1).not.toEqual(b.art.vkey.vk_alpha_1);
    const { proof, publicSignals } = await snarkjs.groth16.fullProve(
      { a: 4, b: 5 },
      path.join(a.res.dir, "circuit.wasm"),
      a.zkey,
    );
    expect(await snarkjs.groth16.verify(b.art.vkey, publicSignals, proof)).toBe(false);
  });

  it("refuses input that is not a BN254 r1cs, with a clear error", async () => {
    const setup = nativeAddon()!.devSetup;
    await expect(setup(new TextEncoder().encode("not an r1cs file at all"))).rejects.toThrow(/bad magic/);
    const { compiled } = await nativeKey(rangeMultiplier);
    const r1cs = await readFile(compiled.r1csPath);
    await expect(setup(r1cs.subarray(0, r1cs.length - 40))).rejects.toThrow(/truncated|past the end/);
  });
});
