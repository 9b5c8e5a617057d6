import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type CompiledCircuit, circomlibCircuits, compileCircuit, WitnessGenerator } from "@zkpop/prover";
import { type Tensor, tensor } from "../src/tensor.js";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const circomlib = circomlibCircuits();
export const genDir = path.join(repoRoot, ".zkpop", "zkml-test");

/** Deterministic PRNG (mulberry32) so generated models and circuits are identical run to run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randTensor(r: () => number, shape: number[], lo = -1, hi = 1): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(
    shape,
    Array.from({ length: n }, () => lo + (hi - lo) * r()),
  );
}

/** Writes a generated circuit (name from its content) and compiles it through the prover cache. */
export async function compileSource(
  name: string,
  source: string,
): Promise<{ compiled: CompiledCircuit; gen: WitnessGenerator }> {
  await mkdir(genDir, { recursive: true });
  const file = path.join(genDir, `${name}.circom`);
  await writeFile(file, source);
  const compiled = await compileCircuit({ source: file, includePaths: [circomlib], optimization: 1 });
  return { compiled, gen: await WitnessGenerator.fromWasm(compiled.wasmPath) };
}

import * as ort from "onnxruntime-node";
import { emitCircom } from "../src/emit.js";
import { execute, quantizeInput } from "../src/exec.js";
import { type QuantizedModel, quantizeModel } from "../src/model.js";
import type { QuantOptions } from "../src/quant/options.js";

export interface ModelCheck {
  q: QuantizedModel;
  compiled: CompiledCircuit;
  mismatches: number;
  inputs: number;
  ortMaxAbsError: number;
  ortMaxAbsOutput: number;
  ortMinCosine: number;
}

/**
 * The per-op check: quantise with 32 calibration samples, compile the circuit once, then for
 * `count` random inputs compare circuit outputs with the executor (bit for bit) and the
 * executor's real outputs with onnxruntime.
 */
export async function checkModel(
  name: string,
  bytes: Uint8Array,
  shape: number[],
  seed: number,
  count = 100,
  opts: QuantOptions = {},
): Promise<ModelCheck> {
  const r = rng(seed);
  const calibration = Array.from({ length: 64 }, () => randTensor(r, shape));
  const q = await quantizeModel(bytes, { ...opts, calibration });
  const { compiled, gen } = await compileSource(name, emitCircom(q.program, { header: name }));
  const sess = await ort.InferenceSession.create(bytes);
  const outName = q.graph.outputs[0]!;
  let mismatches = 0;
  let ortMaxAbsError = 0;
  let ortMaxAbsOutput = 0;
  let ortMinCosine = 1;
  for (let i = 0; i < count; i++) {
    const x = randTensor(r, shape);
    const qin = quantizeInput(q.program, x);
    const ex = execute(q.program, qin);
    const w = await gen.witness({ in: qin.map(String) });
    const want = ex.outputs.flat();
    const p = compiled.info.prime;
    want.forEach((v, k) => {
      if (w[1 + k] !== ((v % p) + p) % p) mismatches++;
    });
    const o = await sess.run({
      [q.graph.inputs[0]!.name]: new ort.Tensor("float32", Float32Array.from(x.data), shape),
    });
    const ref = o[outName]!.data as Float32Array;
    const got = ex.real[0]!;
    let ab = 0;
    let aa = 0;
    let bb = 0;
    ref.forEach((v, k) => {
      ortMaxAbsError = Math.max(ortMaxAbsError, Math.abs(v - got[k]!));
      ortMaxAbsOutput = Math.max(ortMaxAbsOutput, Math.abs(v));
      ab += v * got[k]!;
      aa += v * v;
      bb += got[k]! * got[k]!;
    });
    if (aa > 0) ortMinCosine = Math.min(ortMinCosine, ab / Math.sqrt(aa * bb));
  }
  return { q, compiled, mismatches, inputs: count, ortMaxAbsError, ortMaxAbsOutput, ortMinCosine };
}
