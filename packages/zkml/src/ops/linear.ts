import { ArgumentError } from "@zkpop/errors";
import type { OnnxNode } from "../onnx/read.js";
import { size, strides, type Tensor } from "../tensor.js";
import { floatAttr, intAttr, intsAttr, unsupported, windowOf, windowTaps } from "./attrs.js";
import { type Rows, RowsBuilder } from "./rows.js";

/** One node input: its shape, and its value when it is a constant (initializer). */
export interface OpInput {
  shape: number[];
  constant?: Tensor;
}

export const LINEAR_OPS = new Set([
  "Conv",
  "Gemm",
  "MatMul",
  "Add",
  "Sub",
  "Mul",
  "Div",
  "BatchNormalization",
  "AveragePool",
  "GlobalAveragePool",
  "Flatten",
  "Reshape",
  "Transpose",
  "Concat",
  "Identity",
  "Dropout",
]);

function need(n: OnnxNode, ins: (OpInput | undefined)[], i: number): OpInput {
  const v = ins[i];
  if (!v) unsupported(n, `input ${i} is missing`);
  return v;
}

function constOf(n: OnnxNode, ins: (OpInput | undefined)[], i: number, what: string): Tensor {
  const c = need(n, ins, i).constant;
  if (!c)
    unsupported(
      n,
      `${what} must be a constant (initializer); products of two activations are quadratic and not supported`,
    );
  return c;
}

/** Numpy broadcasting: output shape and, per output index, the flat index into an input. */
function broadcast(a: number[], b: number[]): number[] {
  const r = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < r; i++) {
    const x = a[a.length - r + i] ?? 1;
    const y = b[b.length - r + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new ArgumentError(`shapes ${a} and ${b} do not broadcast`);
    out.push(Math.max(x, y));
  }
  return out;
}

function broadcastIndex(out: number[], inp: number[]): (j: number) => number {
  const os = strides(out);
  const is = strides(inp);
  const off = out.length - inp.length;
  return (j) => {
    let k = 0;
    for (let d = 0; d < inp.length; d++) {
      const c = Math.floor(j / os[d + off]!) % out[d + off]!;
      if (inp[d] !== 1) k += c * is[d]!;
    }
    return k;
  };
}

function identityRows(shape: number[], n: number, map: (j: number) => number = (j) => j): Rows {
  const b = new RowsBuilder();
  for (let j = 0; j < n; j++) {
    b.term(0, map(j), 1);
    b.end();
  }
  return b.build(shape);
}

function conv(n: OnnxNode, ins: (OpInput | undefined)[]): Rows {
  const x = need(n, ins, 0);
  const w = constOf(n, ins, 1, "the weight");
  const bias = ins[2]?.constant;
  if (ins[2] && !bias) unsupported(n, "the bias must be a constant");
  const four = x.shape.length === 3 ? [x.shape[0]!, x.shape[1]!, 1, x.shape[2]!] : x.shape;
  if (four.length !== 4) unsupported(n, `input rank ${x.shape.length} (expected NCHW)`);
  const [N, C, H, W] = four as [number, number, number, number];
  const kernel = w.shape.length === 3 ? [1, w.shape[2]!] : w.shape.slice(2);
  const g = intAttr(n, "group", 1);
  const M = w.shape[0]!;
  const Cg = w.shape[1]!;
  if (Cg * g !== C || M % g !== 0)
    unsupported(n, `group=${g} does not match ${C} input and ${M} output channels`);
  const win = windowOf(n, H, W, kernel);
  const Mg = M / g;
  const b = new RowsBuilder();
  for (let bn = 0; bn < N; bn++)
    for (let m = 0; m < M; m++) {
      const grp = Math.floor(m / Mg);
      for (let oy = 0; oy < win.oH; oy++)
        for (let ox = 0; ox < win.oW; ox++) {
          for (let c = 0; c < Cg; c++) {
            const ic = grp * Cg + c;
            for (let ky = 0; ky < win.kH; ky++) {
              const iy = oy * win.sH - win.pT + ky * win.dH;
              if (iy < 0 || iy >= H) continue;
              for (let kx = 0; kx < win.kW; kx++) {
                const ix = ox * win.sW - win.pL + kx * win.dW;
                if (ix < 0 || ix >= W) continue;
                const wv = w.data[((m * Cg + c) * win.kH + ky) * win.kW + kx]!;
                b.term(0, ((bn * C + ic) * H + iy) * W + ix, wv);
              }
            }
          }
          b.end(bias ? bias.data[m]! : 0);
        }
    }
  const shape = x.shape.length === 3 ? [N, M, win.oW] : [N, M, win.oH, win.oW];
  return b.build(shape);
}

function matmulRows(
  aShape: number[],
  bData: (k: number, j: number) => number,
  K: number,
  Ncols: number,
  biasOf: (row: number, j: number) => number,
  scale = 1,
): Rows {
  const rowsA = size(aShape) / K;
  const b = new RowsBuilder();
  for (let r = 0; r < rowsA; r++)
    for (let j = 0; j < Ncols; j++) {
      for (let k = 0; k < K; k++) b.term(0, r * K + k, scale * bData(k, j));
      b.end(biasOf(r, j));
    }
  return b.build([...aShape.slice(0, -1), Ncols]);
}

function gemm(n: OnnxNode, ins: (OpInput | undefined)[]): Rows {
  const a = need(n, ins, 0);
  const w = constOf(n, ins, 1, "B (the weight)");
  if (intAttr(n, "transA", 0) !== 0) unsupported(n, "transA=1 is not supported");
  if (a.shape.length !== 2) unsupported(n, `A must be 2-D (got ${a.shape})`);
  const transB = intAttr(n, "transB", 0) === 1;
  const alpha = floatAttr(n, "alpha", 1);
  const beta = floatAttr(n, "beta", 1);
  const K = a.shape[1]!;
  const N = transB ? w.shape[0]! : w.shape[1]!;
  const c = ins[2]?.constant;
  if (ins[2] && !c) unsupported(n, "C (the bias) must be a constant");
  const cIdx = c ? broadcastIndex([a.shape[0]!, N], c.shape) : undefined;
  return matmulRows(
    a.shape,
    (k, j) => (transB ? w.data[j * K + k]! : w.data[k * N + j]!),
    K,
    N,
    (r, j) => (c && cIdx ? beta * c.data[cIdx(r * N + j)]! : 0),
    alpha,
  );
}

function matmul(n: OnnxNode, ins: (OpInput | undefined)[]): Rows {
  const a = need(n, ins, 0);
  const w = constOf(n, ins, 1, "the second operand");
  if (w.shape.length !== 2) unsupported(n, `the constant operand must be 2-D (got ${w.shape})`);
  const [K, N] = w.shape as [number, number];
  if (a.shape[a.shape.length - 1] !== K) unsupported(n, `shapes ${a.shape} and ${w.shape} do not multiply`);
  return matmulRows(
    a.shape,
    (k, j) => w.data[k * N + j]!,
    K,
    N,
    () => 0,
  );
}

/** Add/Sub/Mul/Div with broadcasting; at most one factor of a product may be an activation. */
function binary(n: OnnxNode, ins: (OpInput | undefined)[]): Rows {
  const a = need(n, ins, 0);
  const c = need(n, ins, 1);
  const shape = broadcast(a.shape, c.shape);
  const ia = broadcastIndex(shape, a.shape);
  const ic = broadcastIndex(shape, c.shape);
  const b = new RowsBuilder();
  const total = size(shape);
  if (n.op === "Add" || n.op === "Sub") {
    const sign = n.op === "Sub" ? -1 : 1;
    for (let j = 0; j < total; j++) {
      let bias = 0;
      if (a.constant) bias += a.constant.data[ia(j)]!;
      else b.term(0, ia(j), 1);
      if (c.constant) bias += sign * c.constant.data[ic(j)]!;
      else b.term(1, ic(j), sign);
      b.end(bias);
    }
    return b.build(shape);
  }
  // Mul / Div
  if (!a.constant && !c.constant)
    unsupported(n, "both operands are activations; only products with constants are supported");
  if (n.op === "Div" && !c.constant) unsupported(n, "the divisor must be a constant");
  for (let j = 0; j < total; j++) {
    if (a.constant && c.constant) {
      const v =
        n.op === "Mul"
          ? a.constant.data[ia(j)]! * c.constant.data[ic(j)]!
          : a.constant.data[ia(j)]! / c.constant.data[ic(j)]!;
      b.end(v);
    } else if (a.constant) {
      b.term(1, ic(j), a.constant.data[ia(j)]!);
      b.end();
    } else {
      const k = c.constant!.data[ic(j)]!;
      b.term(0, ia(j), n.op === "Mul" ? k : 1 / k);
      b.end();
    }
  }
  return b.build(shape);
}

/** BatchNormalization (inference) as a per-channel affine map; it folds into the layer before it. */
function batchNorm(n: OnnxNode, ins: (OpInput | undefined)[]): Rows {
  const x = need(n, ins, 0);
  const [gamma, beta, mean, variance] = [1, 2, 3, 4].map((i) =>
    constOf(n, ins, i, "every BatchNormalization parameter"),
  );
  const eps = floatAttr(n, "epsilon", 1e-5);
  const C = x.shape[1]!;
  const inner = size(x.shape.slice(2));
  const b = new RowsBuilder();
  for (let j = 0; j < size(x.shape); j++) {
    const c = Math.floor(j / inner) % C;
    const s = gamma!.data[c]! / Math.sqrt(variance!.data[c]! + eps);
    b.term(0, j, s);
    b.end(beta!.data[c]! - mean!.data[c]! * s);
  }
  return b.build(x.shape);
}

function avgPool(n: OnnxNode, ins: (OpInput | undefined)[], global: boolean): Rows {
  const x = need(n, ins, 0);
  if (x.shape.length !== 4) unsupported(n, `input rank ${x.shape.length} (expected NCHW)`);
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const win = global
    ? { kH: H, kW: W, sH: 1, sW: 1, dH: 1, dW: 1, pT: 0, pL: 0, oH: 1, oW: 1 }
    : windowOf(n, H, W, intsAttr(n, "kernel_shape", []));
  const includePad = intAttr(n, "count_include_pad", 0) === 1;
  const b = new RowsBuilder();
  for (const taps of windowTaps(N, C, H, W, win)) {
    const count = includePad ? win.kH * win.kW : taps.length;
    for (const t of taps) b.term(0, t, 1 / count);
    b.end();
  }
  return b.build([N, C, win.oH, win.oW]);
}

function reshapeTarget(n: OnnxNode, ins: (OpInput | undefined)[], from: number[]): number[] {
  const spec = Array.from(constOf(n, ins, 1, "the target shape").data);
  const total = size(from);
  const out = spec.map((d, i) => (d === 0 ? from[i]! : d));
  const known = out.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  return out.map((d) => (d === -1 ? total / known : d));
}

function transpose(n: OnnxNode, x: OpInput): Rows {
  const r = x.shape.length;
  const perm = intsAttr(n, "perm", [...Array(r).keys()].reverse());
  const shape = perm.map((p) => x.shape[p]!);
  const os = strides(shape);
  const is = strides(x.shape);
  return identityRows(shape, size(shape), (j) => {
    let k = 0;
    for (let d = 0; d < r; d++) k += (Math.floor(j / os[d]!) % shape[d]!) * is[perm[d]!]!;
    return k;
  });
}

function concat(n: OnnxNode, ins: (OpInput | undefined)[]): Rows {
  const parts = ins.map((_, i) => need(n, ins, i));
  const r = parts[0]!.shape.length;
  let axis = intAttr(n, "axis", 0);
  if (axis < 0) axis += r;
  const shape = [...parts[0]!.shape];
  shape[axis] = parts.reduce((a, p) => a + p.shape[axis]!, 0);
  const outer = size(shape.slice(0, axis));
  const b = new RowsBuilder();
  for (let o = 0; o < outer; o++)
    parts.forEach((p, i) => {
      const chunk = size(p.shape.slice(axis));
      for (let k = 0; k < chunk; k++) {
        const flat = o * chunk + k;
        if (p.constant) b.end(p.constant.data[flat]!);
        else {
          b.term(i, flat, 1);
          b.end();
        }
      }
    });
  return b.build(shape);
}

/** Rows of a linear or shape op; inputs that are activations are referenced by their input position. */
export function linearRows(n: OnnxNode, ins: (OpInput | undefined)[]): Rows {
  const x = () => need(n, ins, 0);
  switch (n.op) {
    case "Conv":
      return conv(n, ins);
    case "Gemm":
      return gemm(n, ins);
    case "MatMul":
      return matmul(n, ins);
    case "Add":
    case "Sub":
    case "Mul":
    case "Div":
      return binary(n, ins);
    case "BatchNormalization":
      return batchNorm(n, ins);
    case "AveragePool":
      return avgPool(n, ins, false);
    case "GlobalAveragePool":
      return avgPool(n, ins, true);
    case "Flatten": {
      const s = x().shape;
      let axis = intAttr(n, "axis", 1);
      if (axis < 0) axis += s.length;
      return identityRows([size(s.slice(0, axis)), size(s.slice(axis))], size(s));
    }
    case "Reshape":
      return identityRows(reshapeTarget(n, ins, x().shape), size(x().shape));
    case "Transpose":
      return transpose(n, x());
    case "Concat":
      return concat(n, ins);
    case "Identity":
    case "Dropout":
      return identityRows(x().shape, size(x().shape));
    default:
      return unsupported(n, "not a linear op");
  }
}
