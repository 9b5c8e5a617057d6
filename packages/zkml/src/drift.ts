import { execute, quantizeInput } from "./exec.js";
import { runFloat } from "./float/run.js";
import type { Graph } from "./onnx/read.js";
import type { Program } from "./quant/program.js";
import type { Tensor } from "./tensor.js";

export interface DriftReport {
  samples: number;
  /** Largest |float - fixed point| over every output value of every sample. */
  maxAbsError: number;
  /** Largest |float| output, to read maxAbsError against. */
  maxAbsOutput: number;
  meanCosine: number;
  minCosine: number;
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return aa === 0 && bb === 0 ? 1 : ab / Math.sqrt(aa * bb || 1e-300);
}

/** Float (reference executor) versus integer (executor = circuit) outputs on a sample set. */
export function driftReport(g: Graph, p: Program, samples: Tensor[]): DriftReport {
  let maxAbsError = 0;
  let maxAbsOutput = 0;
  const cos: number[] = [];
  for (const s of samples) {
    const fl = runFloat(g, { shape: g.inputs[0]!.shape, data: s.data });
    const fx = execute(p, quantizeInput(p, s)).real;
    const f = p.outputs.flatMap((o) => Array.from(fl.get(o.name)!.data));
    const q = fx.flatMap((r) => Array.from(r));
    f.forEach((v, i) => {
      maxAbsError = Math.max(maxAbsError, Math.abs(v - q[i]!));
      maxAbsOutput = Math.max(maxAbsOutput, Math.abs(v));
    });
    cos.push(cosine(f, q));
  }
  return {
    samples: samples.length,
    maxAbsError,
    maxAbsOutput,
    meanCosine: cos.reduce((a, b) => a + b, 0) / Math.max(1, cos.length),
    minCosine: Math.min(...cos),
  };
}
