import { chunkSizes, inputPerElement } from "./commit.js";
import { nodeInputs } from "./float/run.js";
import type { Graph } from "./onnx/read.js";
import { LINEAR_OPS, linearRows } from "./ops/linear.js";
import { maxWindows } from "./ops/nonlinear.js";
import {
  type IntRow,
  type Layer,
  layerSize,
  type PrivateWeights,
  type Program,
  visibilityOf,
} from "./quant/program.js";

/**
 * Constraints of one layer, exactly as emit.ts writes it (R1CS rows at --O1):
 * act: N booleans (bit 0 is an expression) + 1 output (none: linear; lower: top*T) or + 3 (sat:
 * IsZero = 2, select = 1). max: N + 1.
 */
export function layerConstraints(l: Layer): number {
  if (l.kind === "max") return l.a.length * (l.N + 1) + products(l.a) + products(l.b);
  const extra = l.mode === "sat" ? 3 : 1;
  return l.rows.length * (l.N + extra) + products(l.rows);
}

/** weights: "hashed": one product constraint per term with a private weight (per MAC). */
const products = (rows: IntRow[]): number => rows.reduce((a, r) => a + (r.wid ? r.sig.length : 0), 0);

/**
 * circomlib Poseidon(n), n = 1..16, R1CS constraints at --O2 (measured: 3 (8 t + P) - 3, t = n + 1,
 * P partial rounds). At --O1 the linear mix layers stay (Poseidon(16): 2,092): hashed models compile at --O2.
 */
const POSEIDON_O2 = [213, 240, 261, 297, 321, 354, 381, 402, 417, 459, 465, 504, 543, 537, 573, 609];

/** Range checks (bits per weight) + the chained Poseidon over the packed weights (packing is linear: free at --O2). */
export function weightConstraints(w: PrivateWeights): number {
  const n = w.values.length;
  return n * w.bits + chainConstraints(Math.ceil(n / w.perElement));
}

/** Poseidon chain over `n` elements. */
export const chainConstraints = (n: number): number =>
  chunkSizes(n).reduce((a, k) => a + POSEIDON_O2[k - 1]!, 0);

/** input/output "hashed": the salted commitments (packing is linear: free at --O2). */
export function visibilityConstraints(p: Program): number {
  const vis = visibilityOf(p);
  const nIn = p.inputShape.reduce((a, b) => a * b, 1);
  const nOut = p.outputs.reduce((a, o) => a + o.sig.length, 0);
  return (
    (vis.input === "hashed" ? chainConstraints(1 + Math.ceil(nIn / inputPerElement(p))) : 0) +
    (vis.output === "hashed" ? chainConstraints(1 + nOut) : 0)
  );
}

export interface LayerCost {
  node: string;
  op: string;
  outputShape: number[];
  macs: number;
  activations: number;
  constraints: number;
  /** Decomposition widths used by the node's layers. */
  bits: number[];
}

export interface CostReport {
  layers: LayerCost[];
  inputConstraints: number;
  /** weights: "hashed": private weights and the constraints of their range checks + commitment (products are per layer). */
  privateWeights: number;
  weightConstraints: number;
  /** input/output "hashed": their salted Poseidon commitments. */
  visibilityConstraints: number;
  totalConstraints: number;
  totalMacs: number;
  predictedProveSeconds: number;
}

/**
 * Groth16 proving time on this kind of machine (2 cores, snarkjs 0.7), constraints -> seconds,
 * interpolated between measured circuits (shared/notes/measurements.md: MLP 6.2 k, CNNs 67 k,
 * 246 k, 338 k; the README's enrollment circuit, 113 k) and linear beyond the largest, since
 * the multi-scalar multiplications that dominate grow linearly with the circuit.
 */
const PROVE_TABLE: Array<[number, number]> = [
  [1_000, 0.4],
  [6_200, 0.75],
  [67_000, 6.9],
  [113_000, 9.2],
  [246_000, 16.5],
  [338_000, 32],
];

export function predictProveSeconds(constraints: number): number {
  const t = PROVE_TABLE;
  if (constraints <= t[0]![0]) return t[0]![1];
  for (let i = 1; i < t.length; i++) {
    const [x1, y1] = t[i]!;
    const [x0, y0] = t[i - 1]!;
    if (constraints <= x1) return y0 + ((y1 - y0) * (constraints - x0)) / (x1 - x0);
  }
  const [xl, yl] = t[t.length - 1]!;
  return (yl * constraints) / xl; // ~10.6 k constraints/s beyond the largest measured circuit
}

/** Per-node costs of a lowered program (constraints are exact for the emitted circuit). */
export function costReport(g: Graph, p: Program): CostReport {
  const shapes = new Map<string, number[]>([[g.inputs[0]!.name, g.inputs[0]!.shape]]);
  const layers: LayerCost[] = [];
  for (const n of g.nodes) {
    const ins = nodeInputs(g, n, (t) => shapes.get(t));
    let macs = 0;
    let shape = ins[0]!.shape;
    if (LINEAR_OPS.has(n.op)) {
      const rows = linearRows(n, ins);
      shape = rows.shape;
      if (n.op === "Conv" || n.op === "Gemm" || n.op === "MatMul") macs = rows.idx.length;
    } else if (n.op === "MaxPool") shape = maxWindows(n, shape).shape;
    shapes.set(n.outputs[0]!, shape);
    const own = p.layers.filter((l) => l.node === n.name);
    layers.push({
      node: n.name,
      op: n.op,
      outputShape: shapes.get(n.outputs[0]!)!,
      macs,
      activations: own.filter((l) => l.kind === "act").reduce((a, l) => a + layerSize(l), 0),
      constraints: own.reduce((a, l) => a + layerConstraints(l), 0),
      bits: [...new Set(own.map((l) => l.N))],
    });
  }
  const out = p.layers.filter((l) => l.node === "(output)");
  if (out.length > 0) {
    layers.push({
      node: "(output)",
      op: "Rescale",
      outputShape: p.outputs[0]!.shape,
      macs: 0,
      activations: out.reduce((a, l) => a + layerSize(l), 0),
      constraints: out.reduce((a, l) => a + layerConstraints(l), 0),
      bits: [...new Set(out.map((l) => l.N))],
    });
  }
  const nIn = p.inputShape.reduce((a, b) => a * b, 1);
  const inputConstraints = nIn * p.inBits;
  const wc = p.weights ? weightConstraints(p.weights) : 0;
  const vc = visibilityConstraints(p);
  const totalConstraints = inputConstraints + wc + vc + layers.reduce((a, l) => a + l.constraints, 0);
  return {
    layers,
    inputConstraints,
    privateWeights: p.weights?.values.length ?? 0,
    weightConstraints: wc,
    visibilityConstraints: vc,
    totalConstraints,
    totalMacs: layers.reduce((a, l) => a + l.macs, 0),
    predictedProveSeconds: predictProveSeconds(totalConstraints),
  };
}
