import type { OnnxNode } from "../onnx/read.js";
import type { Tensor } from "../tensor.js";
import { floatAttr, intsAttr, unsupported, windowOf, windowTaps } from "./attrs.js";
import type { OpInput } from "./linear.js";

export const NONLINEAR_OPS = new Set(["Relu", "LeakyRelu", "PRelu", "Clip", "Sigmoid", "Tanh", "MaxPool"]);

/** Clip bounds: attributes (opset < 11) or constant inputs (opset >= 11); absent means unbounded. */
export function clipBounds(n: OnnxNode, ins: (OpInput | undefined)[]): { min: number; max: number } {
  const from = (i: number, attr: string, dflt: number) => {
    if (n.inputs[i]) {
      const c = ins[i]?.constant;
      if (!c) unsupported(n, "the Clip bounds must be constants");
      return c.data[0]!;
    }
    return floatAttr(n, attr, dflt);
  };
  return { min: from(1, "min", -Infinity), max: from(2, "max", Infinity) };
}

/** PRelu slope per element of the output (broadcast over the channel axis, the usual layout). */
export function preluSlope(
  n: OnnxNode,
  ins: (OpInput | undefined)[],
  shape: number[],
): (j: number) => number {
  const s = ins[1]?.constant;
  if (!s) unsupported(n, "the PRelu slope must be a constant");
  if (s.data.length === 1) return () => s.data[0]!;
  const C = shape[1]!;
  if (s.data.length !== C)
    unsupported(n, `slope of ${s.data.length} values; expected 1 or one per channel (${C})`);
  const inner = shape.slice(2).reduce((a, b) => a * b, 1);
  return (j) => s.data[Math.floor(j / inner) % C]!;
}

/** Max-pool windows: for every output, the flat input indexes it takes the max of (padding excluded). */
export function maxWindows(n: OnnxNode, shape: number[]): { shape: number[]; windows: Int32Array[] } {
  if (shape.length !== 4) unsupported(n, `input rank ${shape.length} (expected NCHW)`);
  const [N, C, H, W] = shape as [number, number, number, number];
  const win = windowOf(n, H, W, intsAttr(n, "kernel_shape", []));
  const windows = Array.from(windowTaps(N, C, H, W, win), (taps) => Int32Array.from(taps));
  return { shape: [N, C, win.oH, win.oW], windows };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Float semantics of the pointwise non-linear ops (the reference the quantised graph approximates). */
export function pointwise(n: OnnxNode, ins: (OpInput | undefined)[], x: Tensor): Tensor {
  const out = new Float64Array(x.data.length);
  let f: (v: number, j: number) => number;
  switch (n.op) {
    case "Relu":
      f = (v) => Math.max(v, 0);
      break;
    case "LeakyRelu": {
      const a = floatAttr(n, "alpha", 0.01);
      f = (v) => (v >= 0 ? v : a * v);
      break;
    }
    case "PRelu": {
      const slope = preluSlope(n, ins, x.shape);
      f = (v, j) => (v >= 0 ? v : slope(j) * v);
      break;
    }
    case "Clip": {
      const { min, max } = clipBounds(n, ins);
      f = (v) => Math.min(Math.max(v, min), max);
      break;
    }
    case "Sigmoid":
      f = sigmoid;
      break;
    case "Tanh":
      f = Math.tanh;
      break;
    default:
      return unsupported(n, "not a pointwise op");
  }
  for (let j = 0; j < out.length; j++) out[j] = f(x.data[j]!, j);
  return { shape: [...x.shape], data: out };
}
