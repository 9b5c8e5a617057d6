import { UnsupportedOpError } from "../errors.js";
import { size, strides, type Tensor, tensor } from "../tensor.js";
import type { Graph, OnnxNode } from "./read.js";

/**
 * Constant folding: a node whose every input is an initializer (weights, or the products of
 * earlier folded nodes) is evaluated now and becomes an initializer itself. Exporters write
 * weights as `Reshape(initializer)`, `Transpose(initializer)`, shape arithmetic as
 * `Shape -> Gather -> Concat -> Reshape`, casts and (un)squeezes of constants; folding them
 * keeps the circuit to the ops that touch activations. Opset differences handled here: Squeeze
 * and Unsqueeze take `axes` as an attribute before opset 13 and as an input from 13 on; Reshape
 * took a `shape` attribute before opset 5.
 */
const FOLDERS: Record<string, (ins: Tensor[], n: OnnxNode, opset: number) => Tensor> = {
  Identity: ([x]) => x!,
  Cast: ([x]) => x!, // values stay float64 here; integer casts of shapes are exact
  Shape: ([x]) => tensor([x!.shape.length], x!.shape),
  Reshape: ([x, s], n) => tensor(reshapeTo(x!, s ? Array.from(s.data) : ints(n, "shape")), x!.data),
  Flatten: ([x], n) => {
    const axis = norm(num(n, "axis", 1), x!.shape.length);
    return tensor([size(x!.shape.slice(0, axis)), size(x!.shape.slice(axis))], x!.data);
  },
  Squeeze: ([x, a], n, opset) => {
    const axes = (opset >= 13 && a ? Array.from(a.data) : ints(n, "axes")).map((v) =>
      norm(v, x!.shape.length),
    );
    const keep = x!.shape.filter((d, i) => (axes.length ? !axes.includes(i) : d !== 1));
    return tensor(keep, x!.data);
  },
  Unsqueeze: ([x, a], n, opset) => {
    const axes = opset >= 13 && a ? Array.from(a.data) : ints(n, "axes");
    const rank = x!.shape.length + axes.length;
    const shape = [...x!.shape];
    for (const ax of axes.map((v) => norm(v, rank)).sort((p, q) => p - q)) shape.splice(ax, 0, 1);
    return tensor(shape, x!.data);
  },
  Transpose: ([x], n) => {
    const r = x!.shape.length;
    const perm = n.attrs.perm ? ints(n, "perm") : Array.from({ length: r }, (_, i) => r - 1 - i);
    const shape = perm.map((p) => x!.shape[p]!);
    const src = strides(x!.shape);
    const out = tensor(shape);
    const idx = new Array<number>(r).fill(0);
    for (let o = 0; o < out.data.length; o++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += idx[k]! * src[perm[k]!]!;
      out.data[o] = x!.data[s]!;
      for (let k = r - 1; k >= 0 && ++idx[k]! === shape[k]; k--) idx[k] = 0;
    }
    return out;
  },
  Concat: (ins, n) => {
    const r = ins[0]!.shape.length;
    const axis = norm(num(n, "axis", 0), r);
    const outer = size(ins[0]!.shape.slice(0, axis));
    const shape = [...ins[0]!.shape];
    shape[axis] = ins.reduce((a, t) => a + t.shape[axis]!, 0);
    const data: number[] = [];
    for (let o = 0; o < outer; o++)
      for (const t of ins) {
        const block = size(t.shape.slice(axis));
        data.push(...t.data.subarray(o * block, (o + 1) * block));
      }
    return tensor(shape, data);
  },
  Gather: ([x, i], n) => {
    const axis = norm(num(n, "axis", 0), x!.shape.length);
    const outer = size(x!.shape.slice(0, axis));
    const inner = size(x!.shape.slice(axis + 1));
    const dim = x!.shape[axis]!;
    const data: number[] = [];
    for (let o = 0; o < outer; o++)
      for (const raw of i!.data) {
        const k = raw < 0 ? raw + dim : raw;
        data.push(...x!.data.subarray((o * dim + k) * inner, (o * dim + k + 1) * inner));
      }
    return tensor([...x!.shape.slice(0, axis), ...i!.shape, ...x!.shape.slice(axis + 1)], data);
  },
};

function num(n: OnnxNode, name: string, fallback: number): number {
  const v = n.attrs[name];
  return typeof v === "number" ? v : fallback;
}
function ints(n: OnnxNode, name: string): number[] {
  const v = n.attrs[name];
  return Array.isArray(v) ? (v as number[]) : [];
}
const norm = (axis: number, rank: number) => (axis < 0 ? axis + rank : axis);

/** ONNX Reshape semantics: 0 copies the input dimension, -1 is inferred. */
function reshapeTo(x: Tensor, spec: number[]): number[] {
  const shape = spec.map((d, i) => (d === 0 ? x.shape[i]! : d));
  const known = shape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  return shape.map((d) => (d === -1 ? size(x.shape) / known : d));
}

/** Folds every node whose inputs are all constants; returns the graph with those nodes removed. */
export function foldConstants(g: Graph): Graph {
  const initializers = new Map(g.initializers);
  const nodes: OnnxNode[] = [];
  for (const n of g.nodes) {
    const fold = FOLDERS[n.op];
    const present = n.inputs.filter((x) => x !== "");
    if (!fold || present.length === 0 || !present.every((x) => initializers.has(x))) {
      nodes.push(n);
      continue;
    }
    try {
      initializers.set(
        n.outputs[0]!,
        fold(
          n.inputs.map((x) => initializers.get(x)!),
          n,
          g.opset,
        ),
      );
    } catch (e) {
      throw new UnsupportedOpError(
        n.op,
        n.name,
        `cannot fold constant node '${n.name}' (${n.op}): ${(e as Error).message}`,
      );
    }
  }
  return { ...g, initializers, nodes };
}
