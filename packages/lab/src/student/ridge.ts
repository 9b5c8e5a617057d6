/**
 * Closed-form distillation of a linear head: ridge regression of teacher targets on features.
 * Features are standardised (so one λ treats pixels and filter responses alike) and the
 * standardisation is folded back, so the head applies to raw features. The solve is a Cholesky
 * factorisation from ml-matrix.
 */

import { ArgumentError } from "@zkpop/errors";
import { CholeskyDecomposition, Matrix } from "ml-matrix";
import type { LinearHead } from "./filter-bank.js";

export interface RidgeFit {
  lambda: number;
  head: LinearHead;
  /** Mean squared residual on the training rows. */
  trainMse: number;
}

/**
 * Fits y ≈ W x + b minimising Σ‖y − Wx − b‖² + λ·n·‖W·diag(σ)‖² (λ per sample, on standardised
 * features, so it does not grow with the number of rows), once for each λ: the normal
 * equations are formed once and factorised per λ.
 */
export function fitRidge(
  features: readonly Float64Array[],
  targets: readonly ArrayLike<number>[],
  lambdas: readonly number[],
): RidgeFit[] {
  const n = features.length;
  if (n === 0 || n !== targets.length)
    throw new ArgumentError(`ridge: ${n} feature rows, ${targets.length} targets`);
  for (const l of lambdas) if (!(l > 0)) throw new ArgumentError(`ridge: λ must be positive, got ${l}`);
  const d = features[0]!.length,
    m = targets[0]!.length;
  const mean = new Float64Array(d),
    sd = new Float64Array(d),
    ym = new Float64Array(m);
  for (const x of features) for (let i = 0; i < d; i++) mean[i]! += x[i]! / n;
  for (const x of features) for (let i = 0; i < d; i++) sd[i]! += (x[i]! - mean[i]!) ** 2 / n;
  for (let i = 0; i < d; i++) sd[i] = Math.sqrt(sd[i]!) + 1e-6;
  for (const y of targets) for (let o = 0; o < m; o++) ym[o]! += y[o]! / n;
  const Z = new Matrix(features.map((x) => Array.from(x, (v, i) => (v - mean[i]!) / sd[i]!)));
  const Y = new Matrix(targets.map((y) => Array.from(y, (v, o) => v - ym[o]!)));
  const Zt = Z.transpose();
  const G = Zt.mmul(Z);
  const ZtY = Zt.mmul(Y);
  return lambdas.map((lambda) => {
    const A = G.clone();
    for (let i = 0; i < d; i++) A.set(i, i, A.get(i, i) + lambda * n);
    const chol = new CholeskyDecomposition(A);
    if (!chol.isPositiveDefinite())
      throw new ArgumentError("ridge: normal equations are not positive definite");
    const W = chol.solve(ZtY); // d × m, on standardised features
    const R = Z.mmul(W).sub(Y);
    const trainMse = R.to1DArray().reduce((a, v) => a + v * v, 0) / (n * m);
    const weight = Array.from({ length: m }, (_, o) =>
      Float64Array.from({ length: d }, (_, i) => W.get(i, o) / sd[i]!),
    );
    const bias = Float64Array.from(ym, (b, o) => {
      let acc = b;
      for (let i = 0; i < d; i++) acc -= weight[o]![i]! * mean[i]!;
      return acc;
    });
    return { lambda, head: { weight, bias }, trainMse };
  });
}
