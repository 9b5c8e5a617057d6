/**
 * Verification metrics over all pairs of a labelled set: EER, and FNMR at fixed FMR.
 * Scores are similarities (higher = more alike); a pair is accepted when score >= threshold.
 */
import { ArgumentError } from "@zkpop/errors";

export type Metric = "cosine" | "euclidean";

/** Similarity of two embeddings: cosine, or minus the Euclidean distance (face-api's usual metric). */
export function similarity(a: ArrayLike<number>, b: ArrayLike<number>, metric: Metric = "euclidean"): number {
  if (a.length !== b.length) throw new ArgumentError("embeddings have different lengths");
  let dot = 0,
    na = 0,
    nb = 0,
    d2 = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!,
      y = b[i]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
    d2 += (x - y) * (x - y);
  }
  return metric === "cosine" ? dot / (Math.sqrt(na * nb) || 1) : -Math.sqrt(d2);
}

export interface PairScores {
  genuine: Float64Array;
  impostor: Float64Array;
}

/** Scores every unordered pair i < j, split by whether the labels match. */
export function pairScores(
  embeddings: readonly ArrayLike<number>[],
  labels: readonly (string | number)[],
  metric: Metric = "euclidean",
): PairScores {
  if (embeddings.length !== labels.length) throw new ArgumentError("one label per embedding is required");
  const g: number[] = [];
  const im: number[] = [];
  for (let i = 0; i < embeddings.length; i++) {
    for (let j = i + 1; j < embeddings.length; j++) {
      (labels[i] === labels[j] ? g : im).push(similarity(embeddings[i]!, embeddings[j]!, metric));
    }
  }
  return { genuine: Float64Array.from(g), impostor: Float64Array.from(im) };
}

export interface RateAtThreshold {
  threshold: number;
  fmr: number;
  fnmr: number;
}

export interface VerificationReport {
  genuinePairs: number;
  impostorPairs: number;
  /** Equal error rate: where FMR and FNMR cross (mean of the two at the closest threshold). */
  eer: number;
  eerThreshold: number;
  /** FNMR at the loosest threshold whose FMR is at most the target; `resolvable` is false when there are too few impostor pairs to measure it. */
  atFmr: { targetFmr: number; resolvable: boolean; threshold: number; fmr: number; fnmr: number }[];
}

function sorted(a: Float64Array): Float64Array {
  return Float64Array.from(a).sort();
}

/** Number of values in an ascending array strictly below t. */
function countBelow(a: Float64Array, t: number): number {
  let lo = 0,
    hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** FMR and FNMR at every distinct score used as a threshold (accept when score >= threshold). */
export function rateCurve(scores: PairScores): RateAtThreshold[] {
  const g = sorted(scores.genuine);
  const im = sorted(scores.impostor);
  if (g.length === 0 || im.length === 0)
    throw new ArgumentError("need at least one genuine and one impostor pair");
  const thresholds = sorted(Float64Array.from([...g, ...im, Number.POSITIVE_INFINITY]));
  const out: RateAtThreshold[] = [];
  let prev = Number.NaN;
  for (const t of thresholds) {
    if (t === prev) continue;
    prev = t;
    out.push({
      threshold: t,
      fmr: (im.length - countBelow(im, t)) / im.length,
      fnmr: countBelow(g, t) / g.length,
    });
  }
  return out;
}

export function verificationReport(
  scores: PairScores,
  targetFmrs: readonly number[] = [1e-2, 1e-3],
): VerificationReport {
  const curve = rateCurve(scores);
  // FMR falls and FNMR rises along the curve; the EER point is where |FMR - FNMR| is smallest.
  let best = curve[0]!;
  for (const r of curve) if (Math.abs(r.fmr - r.fnmr) < Math.abs(best.fmr - best.fnmr)) best = r;
  const atFmr = targetFmrs.map((target) => {
    const ok = curve.find((r) => r.fmr <= target)!; // exists: the +Infinity threshold has FMR 0
    return {
      targetFmr: target,
      resolvable: target * scores.impostor.length >= 1,
      threshold: ok.threshold,
      fmr: ok.fmr,
      fnmr: ok.fnmr,
    };
  });
  return {
    genuinePairs: scores.genuine.length,
    impostorPairs: scores.impostor.length,
    eer: (best.fmr + best.fnmr) / 2,
    eerThreshold: best.threshold,
    atFmr,
  };
}

/** All-pairs verification report for labelled embeddings. */
export function evaluateEmbeddings(
  embeddings: readonly ArrayLike<number>[],
  labels: readonly (string | number)[],
  options: { metric?: Metric; targetFmrs?: readonly number[] } = {},
): VerificationReport {
  return verificationReport(
    pairScores(embeddings, labels, options.metric ?? "euclidean"),
    options.targetFmrs,
  );
}
