/**
 * Learned sign bits (issue 12 item 3): decorrelated, balanced bits fitted on training embeddings by
 * PCA whitening and an ITQ rotation (iterative quantisation, Gong & Lazebnik 2011). The map
 * x ↦ R^T W (x − μ) is a constant affine map, free in R1CS; each bit then costs one sign gadget.
 *
 * With d-dimensional embeddings ITQ gives n = d bits. A table is k of those bits chosen at random
 * (seeded, distinct within a table), so given a pair whose learned bits agree on h of n, a table
 * agrees with probability C(h, k)/C(n, k), and tables are independent given the pair (independent
 * choices), the same status as the card's random-hyperplane model; h itself is measured, not
 * modelled.
 */

import { lshHyperplanes } from "@zkpop/enroll-circuit";
import { ArgumentError } from "@zkpop/errors";
import { symmetricEigen } from "../student/pca.js";
import { mulberry32 } from "../student/prng.js";
import {
  bestSetting,
  SCHEME_BITS,
  SCHEME_TABLES,
  type SchemeSetting,
  type SchemeSpec,
  type TableRule,
} from "./dedup-model.js";

export interface LearnedBits {
  mean: Float64Array;
  /** n rows of length d: bit j = sign(rows[j] · (x − mean)). */
  rows: Float64Array[];
}

export interface ItqOptions {
  /** Whiten (divide each principal axis by its standard deviation) before the rotation. */
  whiten: boolean;
  /** Shrink of the covariance towards its mean eigenvalue before whitening (keeps noise axes small). */
  shrink: number;
  iterations: number;
  seed: number;
}

export const DEFAULT_ITQ: ItqOptions = { whiten: true, shrink: 0.2, iterations: 50, seed: 12 };

/** Polar factor of M (d × d, rows): the orthogonal R maximising tr(R^T M). */
function polar(M: Float64Array[], d: number): Float64Array[] {
  const MtM = new Float64Array(d * d);
  for (let a = 0; a < d; a++)
    for (let b = 0; b < d; b++) {
      let s = 0;
      for (let r = 0; r < d; r++) s += M[r]![a]! * M[r]![b]!;
      MtM[a * d + b] = s;
    }
  const { values, vectors } = symmetricEigen(MtM, d);
  // (M^T M)^(-1/2) = Σ λ^(-1/2) q q^T
  const inv = new Float64Array(d * d);
  values.forEach((v, i) => {
    const q = vectors[i]!;
    const w = 1 / Math.sqrt(Math.max(v, 1e-12));
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) inv[a * d + b]! += w * q[a]! * q[b]!;
  });
  return M.map((row) =>
    Float64Array.from({ length: d }, (_, b) => {
      let s = 0;
      for (let a = 0; a < d; a++) s += row[a]! * inv[a * d + b]!;
      return s;
    }),
  );
}

/** Fits whitening + ITQ on training embeddings (no labels needed). */
export function fitItq(train: readonly ArrayLike<number>[], options: Partial<ItqOptions> = {}): LearnedBits {
  const o = { ...DEFAULT_ITQ, ...options };
  const n = train.length;
  if (n < 2) throw new ArgumentError("ITQ needs at least two training embeddings");
  const d = train[0]!.length;
  const mean = new Float64Array(d);
  for (const e of train) for (let i = 0; i < d; i++) mean[i]! += e[i]! / n;
  const X = train.map((e) => Float64Array.from({ length: d }, (_, i) => e[i]! - mean[i]!));
  const cov = new Float64Array(d * d);
  for (const x of X)
    for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) cov[a * d + b]! += (x[a]! * x[b]!) / n;
  let trace = 0;
  for (let a = 0; a < d; a++) trace += cov[a * d + a]!;
  for (let a = 0; a < d; a++)
    for (let b = 0; b < d; b++)
      cov[a * d + b] = (1 - o.shrink) * cov[a * d + b]! + (a === b ? (o.shrink * trace) / d : 0);
  const { values, vectors } = symmetricEigen(cov, d);
  // P: d × d, row i = i-th axis (scaled when whitening).
  const P = vectors.map((v, i) => v.map((x) => (o.whiten ? x / Math.sqrt(values[i]!) : x)));
  const V = X.map((x) => Float64Array.from(P, (p) => p.reduce((s, w, a) => s + w * x[a]!, 0)));
  // Random orthogonal start (Gram–Schmidt on seeded Gaussians); R is d × d, bits = sign(V R).
  const rng = mulberry32(o.seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  let R = polar(
    Array.from({ length: d }, () => Float64Array.from({ length: d }, gauss)),
    d,
  );
  for (let it = 0; it < o.iterations; it++) {
    const B = V.map((v) =>
      Float64Array.from({ length: d }, (_, j) => (R.reduce((s, r, a) => s + v[a]! * r[j]!, 0) >= 0 ? 1 : -1)),
    );
    // M = V^T B; R = polar(M) maximises tr(R^T V^T B), i.e. minimises ‖B − V R‖.
    const M = Array.from({ length: d }, (_, a) => {
      const row = new Float64Array(d);
      for (let s = 0; s < V.length; s++) for (let j = 0; j < d; j++) row[j]! += V[s]![a]! * B[s]![j]!;
      return row;
    });
    R = polar(M, d);
  }
  // Bit j = sign(Σ_a R[a][j] (P x)_a) = sign(row_j · x), row_j = Σ_a R[a][j] P_a.
  const rows = Array.from({ length: d }, (_, j) => {
    const r = new Float64Array(d);
    for (let a = 0; a < d; a++) for (let c = 0; c < d; c++) r[c]! += R[a]![j]! * P[a]![c]!;
    return r;
  });
  return { mean, rows };
}

export function learnedBitsOf(model: LearnedBits, x: ArrayLike<number>): Uint8Array {
  return Uint8Array.from(model.rows, (r) => {
    let s = 0;
    for (let c = 0; c < r.length; c++) s += r[c]! * (x[c]! - model.mean[c]!);
    return s >= 0 ? 1 : 0;
  });
}

/** Per pair, the share of the n learned bits that agree (h/n), split by genuine / impostor. */
export function learnedAgreement(bits: readonly Uint8Array[], labels: readonly string[]) {
  const g: number[] = [];
  const im: number[] = [];
  for (let i = 0; i < bits.length; i++)
    for (let j = i + 1; j < bits.length; j++) {
      let h = 0;
      for (let b = 0; b < bits[i]!.length; b++) if (bits[i]![b] === bits[j]![b]) h++;
      (labels[i] === labels[j] ? g : im).push(h / bits[i]!.length);
    }
  return { genuine: Float64Array.from(g), impostor: Float64Array.from(im) };
}

/** A table of k distinct bits drawn at random from n: agrees with probability C(h, k)/C(n, k), h = a·n. */
export function subsetRule(n: number, k: number): TableRule {
  if (k > n) throw new ArgumentError(`a table of ${k} bits needs at least ${k} learned bits`);
  return (a) => {
    const h = Math.round(a * n);
    let p = 1;
    for (let j = 0; j < k; j++) p *= Math.max(0, h - j) / (n - j);
    return p;
  };
}

export interface LearnedScheme {
  scheme: string;
  perGallery: (SchemeSetting | null)[];
  /** Measured mean share of the n bits that agree, genuine / impostor pairs. */
  bitAgreement: { genuine: number; impostor: number };
}

const mean = (x: Float64Array) => x.reduce((a, b) => a + b, 0) / x.length;

/**
 * Learned-bit tag schemes on one fold: bits fitted on the training subjects' embeddings, measured
 * on the held-out ones; tables of k bits drawn from the n = d bits (m of L, L ≤ 128). Cost: n sign
 * gadgets (the affine map is constant, free) and L Poseidon(3). Beside them, the control: n seeded
 * random hyperplanes with the same table construction, to separate "learned" from "only n bits".
 */
export function learnedBitSchemes(
  train: readonly ArrayLike<number>[],
  test: readonly ArrayLike<number>[],
  labels: readonly string[],
  galleries: readonly number[],
  maxFalseRefusal: number,
  signCost: number,
): LearnedScheme[] {
  const d = test[0]!.length;
  const settings = SCHEME_TABLES.flatMap((L) =>
    SCHEME_BITS.filter((k) => k <= d).map((k) => ({ tables: L, bits: k })),
  );
  const spec = (scheme: string): SchemeSpec => ({
    key: scheme,
    scheme,
    settings,
    table: (k) => subsetRule(d, k),
    cost: (L, _k, s) => d * s + L, // linear tags, one constraint each (exactTagCost)
  });
  const planes = lshHyperplanes({ dim: d, tables: d, bits: 1, seed: "zkpop/learned-bits-control" });
  const control: LearnedBits = { mean: new Float64Array(d), rows: planes.map((r) => Float64Array.from(r)) };
  const variants: [string, LearnedBits][] = [
    [
      `learned bits: whitening + ITQ (n = ${d}), tables of k of them, m of L`,
      fitItq(train, { whiten: true }),
    ],
    [
      `learned bits: PCA + ITQ, no whitening (n = ${d}), tables of k of them, m of L`,
      fitItq(train, { whiten: false, shrink: 0 }),
    ],
    [`control: ${d} random hyperplanes, tables of k of them, m of L`, control],
  ];
  return variants.map(([scheme, model]) => {
    const agree = learnedAgreement(
      test.map((x) => learnedBitsOf(model, x)),
      labels,
    );
    const s = spec(scheme);
    return {
      scheme,
      perGallery: galleries.map((g) => bestSetting(agree, s, g, maxFalseRefusal, signCost)),
      bitAgreement: { genuine: mean(agree.genuine), impostor: mean(agree.impostor) },
    };
  });
}
