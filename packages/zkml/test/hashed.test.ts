import path from "node:path";
import { readR1cs, readSymbols, unsatisfiedConstraints, WitnessGenerator } from "@zkpop/prover";
import { describe, expect, it } from "vitest";
import { packWeights, weightCommitment } from "../src/commit.js";
import { execute, quantizeInput } from "../src/exec.js";
import { compileModel, formatInspect, inspectModel, witnessInput } from "../src/model.js";
import { ModelBuilder } from "../src/onnx/write.js";
import { genDir, randTensor, repoRoot, rng } from "./helpers.js";

describe('weights: "hashed": private weights, Poseidon commitment as a public output', async () => {
  // conv (shared kernel: exercises slot sharing and padding borders) -> ReLU -> dense
  const r = rng(31);
  const shape = [1, 1, 5, 5];
  const b = new ModelBuilder("x", shape);
  let t = b.node("Conv", ["x", b.init(randTensor(r, [2, 1, 3, 3])), b.init(randTensor(r, [2]))], {
    kernel_shape: [3, 3],
    pads: [1, 1, 1, 1],
  });
  t = b.node("Relu", [t]);
  t = b.node("Gemm", [b.node("Flatten", [t]), b.init(randTensor(r, [50, 3])), b.init(randTensor(r, [3]))]);
  b.output(t);
  const calibration = Array.from({ length: 32 }, () => randTensor(r, shape));
  const { manifest, program, compiled } = await compileModel(b.bytes(), {
    calibration,
    outDir: path.join(genDir, "hashed"),
    home: path.join(repoRoot, ".zkpop"),
    weights: "hashed",
  });
  const gen = await WitnessGenerator.fromWasm(compiled!.wasmPath);
  const w = program.weights!;
  const nOut = program.outputs.reduce((a, o) => a + o.sig.length, 0);
  const commitment = weightCommitment(w);
  const x0 = randTensor(r, shape);
  const good = await gen.witness(witnessInput(program, x0));

  it("program, manifest and cost model", () => {
    expect(w.bits).toBe(8);
    expect(w.perElement).toBe(31);
    // conv rows with the same coefficients share slots: per channel 1 interior + 4 edge + 4 corner
    // patterns = 9 + 4*6 + 4*4 = 49 weights (not 169 MACs); dense 50 x 3 = 150
    expect(w.values.length).toBe(2 * 49 + 150);
    expect(manifest.cost.privateWeights).toBe(w.values.length);
    expect(manifest.weights?.commitment).toBe(commitment.toString());
    const c = compiled!.info.nConstraints;
    expect(Math.abs(c - manifest.cost.totalConstraints) / c).toBeLessThan(0.1);
    console.log(
      `hashed: ${manifest.cost.totalMacs} MACs, ${w.values.length} private weights, ${c} constraints (predicted ${manifest.cost.totalConstraints}, weights ${manifest.cost.weightConstraints})`,
    );
  });

  it("inspect reports the private weights and their cost", async () => {
    const report = await inspectModel(b.bytes(), { calibration, weights: "hashed" });
    expect(report.cost.totalConstraints).toBe(manifest.cost.totalConstraints);
    expect(formatInspect(report)).toContain(`private weights (hashed): ${w.values.length}`);
  });

  it("circuit == executor bit for bit over 100 random inputs, commitment == JS commitment", async () => {
    const p = compiled!.info.prime;
    let mismatches = 0;
    for (let i = 0; i < 100; i++) {
      const x = randTensor(r, shape);
      const wit = await gen.witness(witnessInput(program, x));
      const want = execute(program, quantizeInput(program, x)).outputs.flat();
      want.forEach((v, k) => {
        if (wit[1 + k] !== ((v % p) + p) % p) mismatches++;
      });
      expect(wit[1 + nOut]).toBe(commitment);
    }
    expect(mismatches).toBe(0);
  });

  it("packing is injective on the range: every weight can be read back", () => {
    const e = packWeights(w);
    const mask = (1n << BigInt(w.bits)) - 1n;
    const back = w.values.map(
      (_, i) =>
        ((e[Math.floor(i / w.perElement)]! >> BigInt((i % w.perElement) * w.bits)) & mask) -
        (1n << BigInt(w.bits - 1)),
    );
    expect(back).toEqual(w.values);
  });

  it("a weight changed in the witness breaks constraints", async () => {
    const r1cs = await readR1cs(compiled!.r1csPath);
    const sym = await readSymbols(compiled!.symPath);
    expect(unsatisfiedConstraints(r1cs, good)).toEqual([]);
    const wire = sym.get("w[0]")!;
    const bad = [...good];
    bad[wire] = (bad[wire]! + 1n) % compiled!.info.prime;
    expect(unsatisfiedConstraints(r1cs, bad).length).toBeGreaterThan(0);
  });

  it("a different (in-range) weight changes the commitment", async () => {
    const input = witnessInput(program, x0);
    const i = w.values.findIndex((v) => v < 100n && v > -100n);
    const other = [...w.values];
    other[i] = other[i]! + 1n;
    const wit = await gen.witness({ ...input, w: other.map(String) });
    expect(wit[1 + nOut]).not.toBe(commitment);
    expect(wit[1 + nOut]).toBe(weightCommitment({ ...w, values: other }));
  });

  it("a weight outside its range has no witness", async () => {
    const input = witnessInput(program, x0);
    for (const v of [1n << BigInt(w.bits - 1), -(1n << BigInt(w.bits - 1)) - 1n]) {
      const ws = [...input.w!];
      ws[0] = String(v);
      await expect(gen.witness({ ...input, w: ws })).rejects.toThrow();
    }
  });
});
