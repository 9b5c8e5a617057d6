/**
 * The dedup trade-off over a grid of LSH settings (DESIGN "Dedup: tags, not embeddings").
 * A pair of captures of one person is a re-enrollment attempt: it is caught when at least m of the
 * L tags agree. A pair of two people is a tag collision when the same happens.
 *
 * Two estimates per setting:
 * - empirical: the actual seeded hyperplanes (`lshHyperplanes`) on the executor's integer outputs,
 *   counted over the measured pairs; exact for this seed, but cannot resolve rates below 1/pairs.
 * - analytic: for a pair at angle θ, one random hyperplane puts both on the same side with
 *   probability 1 − θ/π, a table of k such planes agrees with p = (1 − θ/π)^k, and tables are
 *   independent, so P(≥ m of L) is a binomial tail. Averaged over the measured pairs' angles, this is
 *   the measured genuine/impostor distribution pushed through the bit-agreement model; it resolves
 *   the tiny impostor rates that galleries of 10^6 or 10^8 people need.
 */
import { bucketOf, DEFAULT_LSH, lshBits, lshHyperplanes, projectionBits } from "@zkpop/enroll-circuit";
import { ArgumentError } from "@zkpop/errors";
import { similarity } from "../evaluate.js";

export interface LshGridOptions {
  dim: number;
  seed: string;
  tables: readonly number[];
  bits: readonly number[];
  thresholds: readonly number[];
  galleries: readonly number[];
  /** Largest |output| of the model (from the program's bounds): sizes the sign gadgets for the cost estimate. */
  outputBound?: bigint;
}

/** circomlib Poseidon(3) (t = 4): 8 full rounds × 4 S-boxes + 56 partial rounds, 3 constraints per x^5. */
export const POSEIDON3_CONSTRAINTS = 264;

export const DEFAULT_LSH_GRID: LshGridOptions = {
  dim: DEFAULT_LSH.dim,
  seed: DEFAULT_LSH.seed,
  // More tables with a proportionally higher m sharpen the binomial tail towards a threshold on
  // the angle itself, so the grid reaches to 64 tables (each costs ≈ 500 constraints); m is
  // server config, free to set.
  tables: [8, 16, 24, 32, 48, 64],
  bits: [4, 6, 7, 8, 10, 12],
  thresholds: [1, 2, 3, 4, 6, 8, 12, 16, 24, 32],
  galleries: [1e4, 1e6, 1e8],
};

export interface LshRate {
  /** Share of measured pairs with at least m equal tags, with these seeded hyperplanes. */
  empirical: number;
  /** Pairs behind `empirical` (numerator). */
  hits: number;
  /** Mean binomial tail over the measured pairs' angles. */
  analytic: number;
}

export interface LshGridRow {
  tables: number;
  bits: number;
  threshold: number;
  /** Estimated constraints of the LSH part: L·k sign gadgets of B + 1 and L Poseidon(3); null without `outputBound`. */
  constraints: number | null;
  /** Genuine pairs: share of re-enrollments caught (sybils stopped). */
  genuine: LshRate;
  /** Impostor pairs: tag-collision rate between two different people. */
  impostor: LshRate;
  /** P(an honest new person is refused) = 1 − (1 − p)^N, p the analytic impostor rate. */
  falseRefusal: { gallery: number; rate: number }[];
}

export interface LshGrid {
  dim: number;
  seed: string;
  genuinePairs: number;
  impostorPairs: number;
  galleries: number[];
  /** Per-bit agreement measured with the largest setting's hyperplanes versus the 1 − θ/π model. */
  bitAgreement: {
    planes: number;
    genuine: { measured: number; predicted: number };
    impostor: { measured: number; predicted: number };
  };
  rows: LshGridRow[];
}

/** P(X ≥ m) for X ~ Binomial(n, p), summed from the tail up so tiny values keep their precision. */
export function binomialTail(n: number, m: number, p: number): number {
  if (m <= 0) return 1;
  if (m > n) return 0;
  let sum = 0;
  let c = 1; // C(n, j), built up to j = m first
  for (let j = 1; j <= m; j++) c = (c * (n - j + 1)) / j;
  for (let j = m; j <= n; j++) {
    sum += c * p ** j * (1 - p) ** (n - j);
    c = (c * (n - j)) / (j + 1);
  }
  return Math.min(1, sum);
}

/** 1 − (1 − p)^N without losing tiny p to rounding. */
export function galleryRate(p: number, gallery: number): number {
  return p >= 1 ? 1 : -Math.expm1(gallery * Math.log1p(-p));
}

interface Pair {
  i: number;
  j: number;
  /** 1 − θ/π: the per-hyperplane agreement probability. */
  agree: number;
}

function pairsOf(asNumbers: readonly (readonly number[])[], labels: readonly string[]) {
  const genuine: Pair[] = [];
  const impostor: Pair[] = [];
  for (let i = 0; i < asNumbers.length; i++) {
    for (let j = i + 1; j < asNumbers.length; j++) {
      const cos = Math.max(-1, Math.min(1, similarity(asNumbers[i]!, asNumbers[j]!, "cosine")));
      (labels[i] === labels[j] ? genuine : impostor).push({ i, j, agree: 1 - Math.acos(cos) / Math.PI });
    }
  }
  return { genuine, impostor };
}

/** Histogram over pairs of how many of the L tables agree. */
function agreementCounts(buckets: readonly number[][], pairs: readonly Pair[], tables: number): number[] {
  const hist = new Array<number>(tables + 1).fill(0);
  for (const { i, j } of pairs) {
    let n = 0;
    for (let t = 0; t < tables; t++) if (buckets[i]![t] === buckets[j]![t]) n++;
    hist[n]!++;
  }
  return hist;
}

function rate(hist: readonly number[], pairs: readonly Pair[], L: number, k: number, m: number): LshRate {
  const hits = hist.slice(m).reduce((a, b) => a + b, 0);
  let analytic = 0;
  for (const p of pairs) analytic += binomialTail(L, m, p.agree ** k);
  return { empirical: hits / pairs.length, hits, analytic: analytic / pairs.length };
}

function meanBitAgreement(bits: readonly number[][], pairs: readonly Pair[]) {
  let measured = 0;
  let predicted = 0;
  for (const { i, j, agree } of pairs) {
    const a = bits[i]!;
    const b = bits[j]!;
    let same = 0;
    for (let r = 0; r < a.length; r++) if (a[r] === b[r]) same++;
    measured += same / a.length;
    predicted += agree;
  }
  return { measured: measured / pairs.length, predicted: predicted / pairs.length };
}

/** The whole grid for labelled integer embeddings (the executor's outputs). */
export function lshGrid(
  embeddings: readonly (readonly bigint[])[],
  labels: readonly string[],
  options: Partial<LshGridOptions> = {},
): LshGrid {
  const o = { ...DEFAULT_LSH_GRID, ...options };
  if (embeddings.length !== labels.length) throw new ArgumentError("one label per embedding is required");
  const asNumbers = embeddings.map((e) => e.map(Number));
  const { genuine, impostor } = pairsOf(asNumbers, labels);
  // With |e| < 2^40 every projection (64 terms, |h| <= 127) is an exact integer in a double, so
  // lshBits' float path gives the circuit's signs, many times faster than its BigInt path.
  const small = embeddings.every((e) => e.every((v) => v < 1n << 40n && v > -(1n << 40n)));
  const exact: readonly (readonly (number | bigint)[])[] = small ? asNumbers : embeddings;
  if (genuine.length === 0 || impostor.length === 0)
    throw new ArgumentError("need at least one genuine and one impostor pair");
  const rows: LshGridRow[] = [];
  let bitAgreement: LshGrid["bitAgreement"] | undefined;
  const largest = Math.max(...o.tables) * Math.max(...o.bits);
  for (const L of o.tables) {
    for (const k of o.bits) {
      const params = { dim: o.dim, tables: L, bits: k, seed: o.seed };
      const planes = lshHyperplanes(params);
      const bits = exact.map((e) => lshBits(e, planes, params));
      const constraints =
        o.outputBound === undefined
          ? null
          : L * k * (projectionBits(planes, o.outputBound) + 1) + L * POSEIDON3_CONSTRAINTS;
      if (L * k === largest && !bitAgreement) {
        const flat = bits.map((b) => b.flat());
        bitAgreement = {
          planes: L * k,
          genuine: meanBitAgreement(flat, genuine),
          impostor: meanBitAgreement(flat, impostor),
        };
      }
      const buckets = bits.map((b) => b.map((t) => Number(bucketOf(t))));
      const gHist = agreementCounts(buckets, genuine, L);
      const iHist = agreementCounts(buckets, impostor, L);
      for (const m of o.thresholds) {
        if (m > L) continue;
        const imp = rate(iHist, impostor, L, k, m);
        rows.push({
          tables: L,
          bits: k,
          threshold: m,
          constraints,
          genuine: rate(gHist, genuine, L, k, m),
          impostor: imp,
          falseRefusal: o.galleries.map((gallery) => ({ gallery, rate: galleryRate(imp.analytic, gallery) })),
        });
      }
    }
  }
  return {
    dim: o.dim,
    seed: o.seed,
    genuinePairs: genuine.length,
    impostorPairs: impostor.length,
    galleries: [...o.galleries],
    bitAgreement: bitAgreement!,
    rows,
  };
}
