import { readR1cs, readSymbols, unsatisfiedConstraints } from "@zkpop/prover";
import { describe, expect, it } from "vitest";
import { emitCircom } from "../src/emit.js";
import { execute, quantizeInput } from "../src/exec.js";
import { quantizeModel } from "../src/model.js";
import { ModelBuilder } from "../src/onnx/write.js";
import type { ActLayer } from "../src/quant/program.js";
import { compileSource, randTensor, rng } from "./helpers.js";

describe("a witness broken in one place fails the constraint check", async () => {
  const r = rng(21);
  const b = new ModelBuilder("x", [1, 8]);
  const t = b.node("Relu", [
    b.node("Gemm", ["x", b.init(randTensor(r, [8, 6])), b.init(randTensor(r, [6]))]),
  ]);
  b.output(t);
  const calibration = Array.from({ length: 16 }, () => randTensor(r, [1, 8]));
  const q = await quantizeModel(b.bytes(), { calibration });
  const { compiled, gen } = await compileSource(
    "negative-relu",
    emitCircom(q.program, { header: "negative" }),
  );
  const r1cs = await readR1cs(compiled.r1csPath);
  const sym = await readSymbols(compiled.symPath);
  const layer = q.program.layers.findIndex((l) => l.kind === "act" && l.op === "Relu");
  const act = q.program.layers[layer] as ActLayer;
  const p = compiled.info.prime;

  // an input whose first neuron is positive and large enough to have quotient bits
  let x = randTensor(r, [1, 8]);
  for (let i = 0; i < 200 && !(execute(q.program, quantizeInput(q.program, x)).outputs[0]![0]! > 2n); i++)
    x = randTensor(r, [1, 8]);
  const qin = quantizeInput(q.program, x);
  const good = await gen.witness({ in: qin.map(String) });
  const bit = (i: number) => sym.get(`l${layer}_b[0][${i - 1}]`)!; // wire of bit i (i >= 1) of row 0
  const out = sym.get(`l${layer}[0]`) ?? sym.get("out[0]")!; // O1 merges the layer output into out[0]

  it("the honest witness satisfies every constraint", () => {
    expect(act.S[0]).toBeGreaterThanOrEqual(2);
    expect(unsatisfiedConstraints(r1cs, good)).toEqual([]);
  });

  it("a wrong activation is caught", () => {
    const w = [...good];
    w[out] = (w[out]! + 1n) % p;
    expect(unsatisfiedConstraints(r1cs, w).length).toBeGreaterThan(0);
  });

  it("a truncation remainder out of range is caught (quotient + 1, remainder - 2^S)", () => {
    const s = act.S[0]!;
    const w = [...good];
    // +2^S on bit S and -2^S spread as bit (S-1) -= 2: the sum is unchanged, the remainder is not in [0, 2^S)
    w[bit(s)] = (w[bit(s)]! + 1n) % p;
    w[bit(s - 1)] = (w[bit(s - 1)]! - 2n + p) % p;
    w[out] = (w[out]! + 1n) % p; // the output agrees with the forged quotient
    expect(w[bit(s)]).toBeLessThan(2n);
    expect(unsatisfiedConstraints(r1cs, w).length).toBeGreaterThan(0);
  });

  it("a flipped sign bit is caught", () => {
    const w = [...good];
    const top = bit(act.N - 1);
    w[top] = 1n - w[top]!;
    w[out] = 0n; // claim the neuron is negative: ReLU gives 0
    expect(unsatisfiedConstraints(r1cs, w).length).toBeGreaterThan(0);
  });

  it("an input outside its range has no witness", async () => {
    const bad = qin.map(String);
    bad[0] = String(1n << BigInt(q.program.inBits + 1));
    await expect(gen.witness({ in: bad })).rejects.toThrow();
  });
});
