import { CalibrationError } from "../errors.js";
import { runFloat } from "../float/run.js";
import type { Graph } from "../onnx/read.js";
import type { Tensor } from "../tensor.js";

export interface Range {
  min: number;
  max: number;
}

/** Min and max of every tensor over the calibration set (float reference executor). */
export function calibrate(g: Graph, samples: Tensor[]): Map<string, Range> {
  if (samples.length === 0) throw new CalibrationError("the calibration set is empty");
  const want = g.inputs[0]!.shape.reduce((a, b) => a * b, 1);
  const out = new Map<string, Range>();
  samples.forEach((s, i) => {
    if (s.data.length !== want) {
      throw new CalibrationError(
        `calibration sample ${i} has ${s.data.length} values; the model input ${g.inputs[0]!.shape} needs ${want}`,
      );
    }
    for (const [name, t] of runFloat(g, { shape: g.inputs[0]!.shape, data: s.data })) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of t.data) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      const r = out.get(name);
      out.set(name, r ? { min: Math.min(r.min, lo), max: Math.max(r.max, hi) } : { min: lo, max: hi });
    }
  });
  return out;
}

/**
 * Relu followed only by MaxPool is rewritten MaxPool then Relu: they commute exactly (both
 * monotone), also after quantisation, and max-pooling first decomposes 4x fewer activations.
 */
export function poolBeforeRelu(g: Graph): Graph {
  const nodes = g.nodes.map((n) => ({ ...n, inputs: [...n.inputs], outputs: [...n.outputs] }));
  const consumers = (t: string) => nodes.filter((n) => n.inputs.includes(t));
  for (let i = 0; i < nodes.length; i++) {
    const relu = nodes[i]!;
    if (relu.op !== "Relu" || g.outputs.includes(relu.outputs[0]!)) continue;
    const cons = consumers(relu.outputs[0]!);
    if (cons.length !== 1 || cons[0]!.op !== "MaxPool") continue;
    const pool = cons[0]!;
    const [x, r, m] = [relu.inputs[0]!, relu.outputs[0]!, pool.outputs[0]!];
    pool.inputs[0] = x;
    pool.outputs[0] = r;
    relu.inputs[0] = r;
    relu.outputs[0] = m;
    // keep topological order: the pool now runs first
    const pi = nodes.indexOf(pool);
    nodes.splice(pi, 1);
    nodes.splice(i, 0, pool);
    i++;
  }
  return { ...g, nodes };
}
