/**
 * Within-class covariance normalisation (WCCN, Hatch et al. 2006): a linear map fitted on
 * embeddings of training people with identity labels that shrinks the directions in which one
 * person's captures vary (pose, light) and stretches the ones that separate people. Linear, so
 * it folds into the student's last Gemm: the circuit costs nothing more, and random hyperplanes
 * after it are "learned" hyperplanes before it.
 */
import { ArgumentError } from "@zkpop/errors";
import { symmetricEigen } from "./pca.js";

export interface Whitening {
  /** y = A (x − mean); A is symmetric, d × d (rows). */
  mean: Float64Array;
  matrix: Float64Array[];
  shrink: number;
}

/**
 * Fits A = W^(-1/2), W the pooled within-person covariance shrunk towards its mean eigenvalue
 * (W' = (1 − s) W + s·tr(W)/d·I, which keeps it well conditioned with few people).
 */
export function fitWccn(
  embeddings: readonly ArrayLike<number>[],
  labels: readonly string[],
  shrink = 0.2,
): Whitening {
  const n = embeddings.length;
  if (n === 0 || n !== labels.length) throw new ArgumentError("WCCN: one label per embedding is required");
  if (!(shrink > 0 && shrink <= 1)) throw new ArgumentError("WCCN: shrink must lie in (0, 1]");
  const d = embeddings[0]!.length;
  const mean = new Float64Array(d);
  for (const e of embeddings) for (let i = 0; i < d; i++) mean[i]! += e[i]! / n;
  const groups = new Map<string, number[]>();
  labels.forEach((l, i) => {
    groups.set(l, [...(groups.get(l) ?? []), i]);
  });
  if (groups.size < 2) throw new ArgumentError("WCCN needs at least two people");
  const W = new Float64Array(d * d);
  const c = new Float64Array(d);
  for (const idx of groups.values()) {
    const m = new Float64Array(d);
    for (const i of idx) for (let a = 0; a < d; a++) m[a]! += embeddings[i]![a]! / idx.length;
    for (const i of idx) {
      for (let a = 0; a < d; a++) c[a] = embeddings[i]![a]! - m[a]!;
      for (let a = 0; a < d; a++) for (let b = a; b < d; b++) W[a * d + b]! += (c[a]! * c[b]!) / n;
    }
  }
  let trace = 0;
  for (let a = 0; a < d; a++) trace += W[a * d + a]!;
  for (let a = 0; a < d; a++)
    for (let b = a; b < d; b++) {
      const v = (1 - shrink) * W[a * d + b]! + (a === b ? (shrink * trace) / d : 0);
      W[a * d + b] = v;
      W[b * d + a] = v;
    }
  const { values, vectors } = symmetricEigen(W, d);
  const matrix = Array.from({ length: d }, () => new Float64Array(d));
  values.forEach((v, k) => {
    const s = 1 / Math.sqrt(v);
    const u = vectors[k]!;
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) matrix[a]![b]! += s * u[a]! * u[b]!;
  });
  return { mean, matrix, shrink };
}

export function applyWhitening(w: Whitening, x: ArrayLike<number>): Float64Array {
  const d = w.mean.length;
  const c = Float64Array.from({ length: d }, (_, i) => x[i]! - w.mean[i]!);
  return Float64Array.from(w.matrix, (row) => row.reduce((acc, v, i) => acc + v * c[i]!, 0));
}

/** Folds the whitening into a linear head y = Wx + b: returns A·W and A·(b − mean). */
export function foldWhitening(
  w: Whitening,
  head: { weight: Float64Array[]; bias: Float64Array },
): { weight: Float64Array[]; bias: Float64Array } {
  const d = w.mean.length;
  if (head.weight.length !== d)
    throw new ArgumentError(`head has ${head.weight.length} outputs, whitening ${d}`);
  const cols = head.weight[0]!.length;
  const weight = w.matrix.map((row) => {
    const out = new Float64Array(cols);
    row.forEach((a, k) => {
      if (a === 0) return;
      const src = head.weight[k]!;
      for (let j = 0; j < cols; j++) out[j]! += a * src[j]!;
    });
    return out;
  });
  const bias = applyWhitening(w, head.bias);
  return { weight, bias };
}
