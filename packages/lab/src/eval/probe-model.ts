/**
 * Multi-probe with the least-confident bits chosen inside the circuit, under the card's model.
 *
 * Scheme: per table of k random hyperplanes, the newcomer publishes the tags of the 2^t buckets
 * obtained by flipping any subset of its t least-confident bits (smallest |projection|), its own
 * bucket included. The registry stores each member's own (exact) tag per table; table i of a pair
 * matches when one of the newcomer's 2^t tags of table i equals the member's stored tag i, and the
 * newcomer is refused when at least m of L tables match.
 *
 * Model: for a pair at angle θ and one Gaussian hyperplane, the two projections (u, v) are
 * standard bivariate normal with correlation ρ = cos θ (the norms do not change signs or the order
 * of |v| within a vector). Given the newcomer's |v| = s, its sign agrees with the member's with
 * probability g(s) = Φ(s·ρ/√(1 − ρ²)), independently per plane. The table matches iff every plane
 * outside the t least-confident agrees, so with the t-th smallest |v| at s (order statistics of k
 * half-normals, density f, CDF F) and the k − t larger ones i.i.d. above s:
 *   P_t = k!/((t − 1)!(k − t)!) ∫ F(s)^(t−1) f(s) G(s)^(k−t) ds,  G(s) = ∫_s^∞ g(v) f(v) dv,
 * and P_0 = G(0)^k = (1 − θ/π)^k, the card's exact-tag rate. Tables are independent given the
 * pair (independent planes), as in the card's model, so m of L is again a binomial tail.
 */
import { ArgumentError } from "@zkpop/errors";
import type { TableRule } from "./dedup-model.js";

/** erfc with fractional error below 1.2e-7 (Numerical Recipes' Chebyshev fit). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** Standard normal CDF. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

const S_MAX = 9;
const STEPS = 1800;

/** P(one table matches) for one pair with per-plane agreement a = 1 − θ/π, k planes, t probed bits. */
export function probeTableRate(a: number, k: number, t: number): number {
  if (!(a >= 0 && a <= 1)) throw new ArgumentError("agreement must lie in [0, 1]");
  if (!Number.isInteger(k) || !Number.isInteger(t) || t < 0 || t > k)
    throw new ArgumentError("need integers 0 ≤ t ≤ k");
  if (t === 0) return a ** k;
  if (t === k) return 1;
  const rho = Math.cos(Math.PI * (1 - a));
  const slope = rho / Math.sqrt(Math.max(1e-300, 1 - rho * rho));
  const h = S_MAX / STEPS;
  const s = Float64Array.from({ length: STEPS + 1 }, (_, i) => i * h);
  const f = s.map((x) => Math.sqrt(2 / Math.PI) * Math.exp(-0.5 * x * x));
  const g = s.map((x) => (a === 1 ? 1 : a === 0 ? 0 : normalCdf(x * slope)));
  // G by the trapezoid rule from the top (the tail beyond S_MAX is below 1e-18).
  const G = new Float64Array(STEPS + 1);
  for (let i = STEPS - 1; i >= 0; i--) G[i] = G[i + 1]! + (h * (g[i]! * f[i]! + g[i + 1]! * f[i + 1]!)) / 2;
  let logC = 0; // log of k!/((t−1)!(k−t)!)
  for (let j = 2; j <= k; j++) logC += Math.log(j);
  for (let j = 2; j <= t - 1; j++) logC -= Math.log(j);
  for (let j = 2; j <= k - t; j++) logC -= Math.log(j);
  const C = Math.exp(logC);
  let sum = 0;
  for (let i = 0; i <= STEPS; i++) {
    const F = 1 - 2 * normalCdf(-s[i]!);
    const w = i === 0 || i === STEPS ? 0.5 : 1;
    sum += w * F ** (t - 1) * f[i]! * G[i]! ** (k - t);
  }
  return Math.min(1, C * sum * h);
}

/** P_t as a table rule: tabulated on a grid of a and interpolated in log space (it is smooth). */
export function probeRule(k: number, t: number, grid = 1000): TableRule {
  if (t === 0) return (a) => a ** k;
  const logs = Float64Array.from({ length: grid + 1 }, (_, i) =>
    Math.log(Math.max(1e-300, probeTableRate(i / grid, k, t))),
  );
  return (a) => {
    const x = Math.min(grid, Math.max(0, a * grid));
    const i = Math.min(grid - 1, Math.floor(x));
    return Math.exp(logs[i]! + (x - i) * (logs[i + 1]! - logs[i]!));
  };
}
