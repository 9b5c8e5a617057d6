/**
 * The dedup figures of one set of embeddings under the card's bit-agreement model (DESIGN
 * "Dedup: tags, not embeddings"): for a pair at angle θ one random hyperplane agrees with
 * a = 1 − θ/π, bits are independent given the pair, so every scheme below is a binomial tail.
 * An honest newcomer is refused at gallery N with 1 − (1 − p)^N, p the mean impostor rate; a
 * re-enrollment is caught with the mean genuine rate. "Caught at N" is the best setting of a
 * scheme whose refusal at N is at most `maxFalseRefusal`.
 */
import { ArgumentError } from "@zkpop/errors";
import { galleryRate, POSEIDON3_CONSTRAINTS } from "./lsh-grid.js";
import { probeRule } from "./probe-model.js";

/** Per-pair agreement a = 1 − θ/π of one random hyperplane, split by genuine / impostor. */
export interface PairAgreement {
  genuine: Float64Array;
  impostor: Float64Array;
}

export function pairAgreement(
  embeddings: readonly ArrayLike<number>[],
  labels: readonly string[],
): PairAgreement {
  if (embeddings.length !== labels.length) throw new ArgumentError("one label per embedding is required");
  const unit = embeddings.map((e) => {
    let n = 0;
    for (let i = 0; i < e.length; i++) n += e[i]! * e[i]!;
    n = Math.sqrt(n) || 1;
    return Float64Array.from(e as ArrayLike<number>, (x) => x / n);
  });
  const g: number[] = [];
  const im: number[] = [];
  for (let i = 0; i < unit.length; i++)
    for (let j = i + 1; j < unit.length; j++) {
      let c = 0;
      const a = unit[i]!;
      const b = unit[j]!;
      for (let t = 0; t < a.length; t++) c += a[t]! * b[t]!;
      const agree = 1 - Math.acos(Math.max(-1, Math.min(1, c))) / Math.PI;
      (labels[i] === labels[j] ? g : im).push(agree);
    }
  if (g.length === 0 || im.length === 0) throw new ArgumentError("need genuine and impostor pairs");
  return { genuine: Float64Array.from(g), impostor: Float64Array.from(im) };
}

/** How one table (or one bit) of a scheme agrees for a pair whose hyperplanes agree with probability a. */
export type TableRule = (a: number) => number;

/** Mean over pairs of P(at least m of L tables agree), for every m = 0..L. */
function meanTails(agree: Float64Array, L: number, table: TableRule): Float64Array {
  const out = new Float64Array(L + 1);
  const logC = new Float64Array(L + 1);
  for (let j = 1; j <= L; j++) logC[j] = logC[j - 1]! + Math.log((L - j + 1) / j);
  const pmf = new Float64Array(L + 1);
  for (const a of agree) {
    const p = Math.min(1 - 1e-16, Math.max(1e-300, table(a)));
    const lp = Math.log(p);
    const lq = Math.log1p(-p);
    for (let j = 0; j <= L; j++) pmf[j] = Math.exp(logC[j]! + j * lp + (L - j) * lq);
    let acc = 0;
    for (let m = L; m >= 0; m--) {
      acc += pmf[m]!;
      out[m]! += acc;
    }
  }
  for (let m = 0; m <= L; m++) out[m] = Math.min(1, out[m]! / agree.length);
  return out;
}

export interface SchemeSetting {
  scheme: string;
  tables: number;
  bits: number;
  threshold: number;
  caught: number;
  impostorRate: number;
  refused: number;
  constraints: number;
}

export interface SchemeSpec {
  /** Stable name for code ("previous", "circuit", "budget", "exact", "long", "probe", "hamming"). */
  key: string;
  scheme: string;
  /** (L, k) pairs to try; m runs over 1..L. */
  settings: readonly { tables: number; bits: number }[];
  table: (k: number) => TableRule;
  /** Circuit constraints of the tag part for (L, k), given the sign-bit gadget's cost. */
  cost: (L: number, k: number, signCost: number) => number;
  /** Only this m (e.g. 1 for any-1-of-L). */
  fixedThreshold?: number;
  /** Settings above this many constraints are not tried (a proof-time budget). */
  maxConstraints?: number;
}

/** Catches more, or (a near-tie within 0.5 point) costs fewer constraints. */
function beats(caught: number, cost: number, bestCaught?: number, bestCost?: number): boolean {
  if (bestCaught === undefined || bestCost === undefined) return true;
  return caught > bestCaught + 0.005 || (caught > bestCaught - 0.005 && cost < bestCost);
}

/** The largest mean impostor rate per pair that refuses at most `maxFalseRefusal` of newcomers at `gallery`. */
const perPairBound = (maxFalseRefusal: number, gallery: number) =>
  -Math.expm1(Math.log1p(-maxFalseRefusal) / gallery);

/** The best m for each (L, k) of a scheme at gallery N, then the best of those. */
export function bestSetting(
  agree: PairAgreement,
  spec: SchemeSpec,
  gallery: number,
  maxFalseRefusal: number,
  signCost: number,
): SchemeSetting | null {
  const pMax = perPairBound(maxFalseRefusal, gallery);
  let best: SchemeSetting | null = null;
  for (const { tables: L, bits: k } of spec.settings) {
    if (spec.maxConstraints !== undefined && spec.cost(L, k, signCost) > spec.maxConstraints) continue;
    const rule = spec.table(k);
    const imp = meanTails(agree.impostor, L, rule);
    let m = spec.fixedThreshold ?? 1;
    while (m <= L && imp[m]! > pMax && spec.fixedThreshold === undefined) m++;
    if (m > L || imp[m]! > pMax) continue;
    const gen = meanTails(agree.genuine, L, rule);
    const cand: SchemeSetting = {
      scheme: spec.scheme,
      tables: L,
      bits: k,
      threshold: m,
      caught: gen[m]!,
      impostorRate: imp[m]!,
      refused: galleryRate(imp[m]!, gallery),
      constraints: spec.cost(L, k, signCost),
    };
    if (beats(cand.caught, cand.constraints, best?.caught, best?.constraints)) best = cand;
  }
  return best;
}

const grid = (tables: readonly number[], bits: readonly number[]) =>
  tables.flatMap((t) => bits.map((b) => ({ tables: t, bits: b })));

/**
 * Tables the comparison tries: issue 4's 48, the old limit 64, 128 (issue 12 lead (a)), and up to
 * 512 since tags cost one constraint each (exactTagCost) and the native prover takes 2^18.
 */
export const SCHEME_TABLES = [16, 32, 48, 64, 96, 128, 192, 256, 384, 512] as const;
export const SCHEME_BITS = [4, 5, 6, 7, 8, 9, 10, 12, 14] as const;
/**
 * Constraints the tag part may take. The rest of the enrollment circuit (image hash, signature,
 * model) is about 89 k; with 110 k of tags it stays under 2^18 = 262,144, and the native prover
 * proves a 193 k-constraint enrollment circuit (L = 512, k = 7) in 1.0 s + 0.4 s witness on the
 * 2-core box (`bench:enroll`), inside issue 12's 3 s. (Issue 4's budget, 33 k, kept snarkjs
 * under 10 s.)
 */
export const TAG_BUDGET = 110_000;

/**
 * Constraints of exact tags in the circuit: one sign gadget per bit, and per table one output
 * tag_i = TAG_DOMAIN + i·2^k + bucket_i (a linear form: the output's constraint only). A Poseidon
 * over a k-bit bucket hid nothing (128 guesses invert it) and cost 264 constraints a table.
 */
export function exactTagCost(L: number, k: number, signCost: number): number {
  return L * k * signCost + L;
}

/** The same tags hashed in the circuit, tag_i = Poseidon(domain, i, bucket_i) (issue 4's circuit and the probe gadget). */
export function poseidonTagCost(L: number, k: number, signCost: number): number {
  return L * k * signCost + L * POSEIDON3_CONSTRAINTS;
}

/**
 * The tag schemes compared on the same embeddings. Costs: a sign bit is one B-bit decomposition
 * (`signCost` = B + 1), a tag one Poseidon(3).
 */
/** Issue 4's circuit: L = 48 tables of k = 8 bits (registry m = 16). */
export const PREVIOUS_LSH = { tables: 48, bits: 8, threshold: 16 } as const;
/** The circuit of student v3 before issue 12 measured m on held-out folds: L = 64, k = 7, m = 22. */
export const V3_CIRCUIT_LSH = { tables: 64, bits: 7, threshold: 22 } as const;

export function tagSchemes(current: { tables: number; bits: number }, budget = TAG_BUDGET): SchemeSpec[] {
  const exact: TableRule = (a) => a;
  const tableOf =
    (k: number): TableRule =>
    (a) =>
      a ** k;
  const fixed = (
    key: string,
    name: string,
    s: { tables: number; bits: number },
    cost: SchemeSpec["cost"],
  ): SchemeSpec => ({
    key,
    scheme: `exact tags, m of L, ${name} (L = ${s.tables}, k = ${s.bits})`,
    settings: [{ tables: s.tables, bits: s.bits }],
    table: tableOf,
    cost,
  });
  return [
    fixed("previous", "issue 4's circuit (Poseidon tags)", PREVIOUS_LSH, poseidonTagCost),
    ...(current.tables === PREVIOUS_LSH.tables && current.bits === PREVIOUS_LSH.bits
      ? []
      : [fixed("circuit", "this circuit", current, exactTagCost)]),
    {
      key: "budget",
      scheme: `exact tags, m of L, within the proof budget (tag part ≤ ${(budget / 1000).toFixed(1)}k constraints)`,
      settings: grid(SCHEME_TABLES, SCHEME_BITS),
      table: tableOf,
      cost: exactTagCost,
      maxConstraints: budget,
    },
    {
      key: "exact",
      scheme: `exact tags, m of L, L ≤ ${SCHEME_TABLES.at(-1)}`,
      settings: grid(SCHEME_TABLES, SCHEME_BITS),
      table: tableOf,
      cost: exactTagCost,
    },
    {
      key: "long",
      scheme: "long keys, any 1 of L (m = 1)",
      settings: grid(SCHEME_TABLES, [12, 16, 20, 24, 28, 32, 40]),
      fixedThreshold: 1,
      table: tableOf,
      cost: exactTagCost,
    },
    {
      // The holder publishes, per table, its bucket's tag and the k tags one bit away; the
      // registry stores only the exact tag. A table matches when the two buckets differ in at
      // most one bit: a^k + k·a^(k−1)·(1 − a). Flipping only the least-confident bits publishes
      // a subset of these, so this is that scheme's upper bound.
      key: "probe",
      scheme: "multi-probe, all 1-bit neighbours (k + 1 tags per table)",
      settings: grid(SCHEME_TABLES, SCHEME_BITS),
      table: (k) => (a) => a ** k + k * a ** (k - 1) * (1 - a),
      cost: (L, k, s) => L * k * s + L * (k + 1) * POSEIDON3_CONSTRAINTS, // as the probe gadget is built: Poseidon tags
    },
    leastConfidentProbe(1),
    leastConfidentProbe(2),
    {
      // One "table" per bit, m of n: a threshold on the Hamming distance of n sign bits. The
      // registry would need the bits themselves, so this is the ceiling of any exact-tag scheme
      // on these bits, not a private one. Cost: n signs and a sum (no hash).
      key: "hamming",
      scheme: "Hamming threshold on n = L·k sign bits (ceiling, not private)",
      settings: [128, 256, 512, 1024, 2048, 3584].map((n) => ({ tables: n, bits: 1 })),
      table: () => exact,
      cost: (L, _k, s) => L * s,
    },
  ];
}

/**
 * Constraints of the least-confident probe gadget per table, beyond the k sign bits and the
 * table's own tag (s = B + 1 is the sign gadget's cost): per bit, the confidence |projection| from
 * the sign gadget's bits (1), a selection bit (1), its product with the key (1), the order check
 * "selected < unselected" on the key |p|·16 + j (a (B + 3)-bit decomposition, B + 4) and the
 * flipped bit (1), so s + 7; then 2^t − 1 more Poseidon(3). t = 1 is `LshProbeTable`
 * (circuits/enroll/lsh_probe.circom; compiled at k = 7, B = 29: 507 constraints more than the
 * plain table, Poseidon(3) being 248 there under --O2). t = 2 is an estimate (3k more products
 * for the canonical first bit and the other flips; not built).
 */
export function probeGadgetCost(k: number, t: number, signCost: number): number {
  return k * (signCost + 7) + (t === 1 ? 0 : 3 * k) + (2 ** t - 1) * POSEIDON3_CONSTRAINTS;
}

/**
 * Multi-probe with the t least-confident bits chosen in the circuit: the newcomer publishes the
 * 2^t tags of its bucket with any subset of those bits flipped; the registry stores each member's
 * own tag and counts a table when one of the newcomer's tags equals it (probe-model.ts).
 */
function leastConfidentProbe(t: number): SchemeSpec {
  const rules = new Map<number, TableRule>();
  return {
    key: `probe-lc${t}`,
    scheme: `multi-probe, ${t} least-confident bit${t > 1 ? "s" : ""} flipped in the circuit (${2 ** t} tags per table)`,
    settings: grid(SCHEME_TABLES, SCHEME_BITS),
    table: (k) => {
      if (!rules.has(k)) rules.set(k, probeRule(k, t));
      return rules.get(k)!;
    },
    cost: (L, k, s) => L * k * s + L * POSEIDON3_CONSTRAINTS + L * probeGadgetCost(k, t, s),
  };
}

/** Caught at each gallery for each scheme. */
export function compareSchemes(
  agree: PairAgreement,
  schemes: readonly SchemeSpec[],
  galleries: readonly number[],
  maxFalseRefusal: number,
  signCost: number,
): { scheme: string; perGallery: (SchemeSetting | null)[] }[] {
  return schemes.map((s) => ({
    scheme: s.scheme,
    perGallery: galleries.map((g) => bestSetting(agree, s, g, maxFalseRefusal, signCost)),
  }));
}

/** Mean per-bit agreement (genuine, impostor): the model's 1 − θ/π averaged over pairs. */
export function bitAgreement(agree: PairAgreement): { genuine: number; impostor: number } {
  const mean = (x: Float64Array) => x.reduce((a, b) => a + b, 0) / x.length;
  return { genuine: mean(agree.genuine), impostor: mean(agree.impostor) };
}

export interface FixedSetting {
  tables: number;
  bits: number;
  threshold: number;
  constraints: number;
  /** Per fold: share of re-enrollments caught, and honest refusal at each gallery (m as committed). */
  folds: { caught: number; impostorRate: number; refused: number[] }[];
  /** Mean of `folds[].caught`: m was chosen with these very folds, so this is in-sample. */
  meanCaught: number;
  /** The honest figure (chooseAcrossFolds): each fold judged with an m chosen without it. */
  heldOut?: HeldOutCheck;
}

/**
 * Every choice made without the fold it is judged on. For each fold, the other folds choose the
 * margin gallery (leaveOneOutMargin among themselves) and then m at that margin × `safety`; the
 * fold is judged at the target gallery with that m. `safety` is the smallest of SAFETY_FACTORS
 * at which every fold stays within the honest-refusal bound. `margin` is the registry's: the
 * leave-one-out margin of all folds × `safety`, at which m is chosen on every fold.
 */
export interface HeldOutCheck {
  safety: number;
  margin: number;
  folds: { margin: number; threshold: number; caught: number; refused: number }[];
  meanCaught: number;
  worstCaught: number;
}

/** Galleries m may be chosen at, beyond the target's, to leave a margin for people not yet seen. */
export const MARGIN_GALLERIES = [1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14] as const;
/** Further factors on the margin, tried in order by the fully nested check. */
export const SAFETY_FACTORS = [1, 10, 100, 1000] as const;

/** One (L, k, m) on every fold's pairs (exact tags, the circuit's scheme; `cost` of its tag part). */
export function evaluateSetting(
  folds: readonly PairAgreement[],
  L: number,
  k: number,
  m: number,
  galleries: readonly number[],
  signCost: number,
  cost: (L: number, k: number, signCost: number) => number = exactTagCost,
): FixedSetting {
  return settingOf(tailsOf(folds, L, k), L, k, m, galleries, cost(L, k, signCost));
}

/** evaluateSetting from tails already computed for (L, k). */
function settingOf(
  tails: readonly FoldTails[],
  L: number,
  k: number,
  m: number,
  galleries: readonly number[],
  constraints: number,
): FixedSetting {
  const per = tails.map((t) => ({
    caught: t.gen[m]!,
    impostorRate: t.imp[m]!,
    refused: galleries.map((g) => galleryRate(t.imp[m]!, g)),
  }));
  return {
    tables: L,
    bits: k,
    threshold: m,
    constraints,
    folds: per,
    meanCaught: per.reduce((a, p) => a + p.caught, 0) / per.length,
  };
}

/** Smallest m whose mean impostor rate is at most pMax (L + 1 when none is). */
function smallestM(imp: Float64Array, pMax: number): number {
  let m = 1;
  while (m < imp.length && imp[m]! > pMax) m++;
  return m;
}

/** One fold's mean tails for (L, k): impostor and genuine P(at least m tables agree), m = 0..L. */
interface FoldTails {
  imp: Float64Array;
  gen: Float64Array;
}

const tailsOf = (folds: readonly PairAgreement[], L: number, k: number): FoldTails[] =>
  folds.map((f) => ({
    imp: meanTails(f.impostor, L, (a) => a ** k),
    gen: meanTails(f.genuine, L, (a) => a ** k),
  }));

/** The smallest m meeting the bound at `margin` on every fold given (L + 1 when none does). */
const thresholdAt = (tails: readonly FoldTails[], margin: number, bound: number) =>
  Math.max(...tails.map((t) => smallestM(t.imp, perPairBound(bound, margin))));

const without = <T>(xs: readonly T[], c: number) => xs.filter((_, i) => i !== c);

function looMargin(tails: readonly FoldTails[], gallery: number, bound: number): number | null {
  for (const margin of MARGIN_GALLERIES) {
    if (margin < gallery) continue;
    const ok = tails.every((t, c) => {
      const m = thresholdAt(without(tails, c), margin, bound);
      return m < t.imp.length && galleryRate(t.imp[m]!, gallery) <= bound;
    });
    if (ok) return margin;
  }
  return null;
}

/**
 * The smallest gallery of MARGIN_GALLERIES (at least `gallery`) at which an m chosen there on all
 * folds but one keeps the one left out within `maxFalseRefusal` at `gallery`, for each fold in
 * turn; null when none does.
 */
export function leaveOneOutMargin(
  folds: readonly PairAgreement[],
  L: number,
  k: number,
  gallery: number,
  maxFalseRefusal: number,
): number | null {
  if (folds.length < 2) throw new ArgumentError("leaving a fold out needs at least 2 folds");
  return looMargin(tailsOf(folds, L, k), gallery, maxFalseRefusal);
}

/** The fully nested check of one (L, k) (HeldOutCheck); null when no safety factor passes. */
export function heldOutCheck(
  folds: readonly PairAgreement[],
  L: number,
  k: number,
  gallery: number,
  maxFalseRefusal: number,
): HeldOutCheck | null {
  if (folds.length < 3) throw new ArgumentError("the fully nested check needs at least 3 folds");
  return nestedCheck(tailsOf(folds, L, k), gallery, maxFalseRefusal);
}

function nestedCheck(tails: readonly FoldTails[], gallery: number, bound: number): HeldOutCheck | null {
  const inner = tails.map((_, c) => looMargin(without(tails, c), gallery, bound));
  const all = looMargin(tails, gallery, bound);
  if (all === null || inner.some((m) => m === null)) return null;
  for (const safety of SAFETY_FACTORS) {
    const per = tails.map((t, c) => {
      const margin = inner[c]! * safety;
      const threshold = thresholdAt(without(tails, c), margin, bound);
      if (threshold >= t.imp.length) return null;
      return {
        margin,
        threshold,
        caught: t.gen[threshold]!,
        refused: galleryRate(t.imp[threshold]!, gallery),
      };
    });
    if (per.some((p) => p === null || p.refused > bound)) continue;
    const ok = per as HeldOutCheck["folds"];
    return {
      safety,
      margin: all * safety,
      folds: ok,
      meanCaught: ok.reduce((a, p) => a + p.caught, 0) / ok.length,
      worstCaught: Math.min(...ok.map((p) => p.caught)),
    };
  }
  return null;
}

/**
 * The circuit's setting across folds, judged on people it was not chosen on. For each (L, k)
 * within the budget, the fully nested check (heldOutCheck); the (L, k) with the highest held-out
 * mean catch rate wins, near-ties (0.5 point) to the cheaper. The committed m is the smallest
 * that meets the bound on every fold at the check's margin. Null with fewer than 3 folds.
 */
export function chooseAcrossFolds(
  folds: readonly PairAgreement[],
  gallery: number,
  maxFalseRefusal: number,
  budget: number,
  signCost: number,
  galleries: readonly number[],
): FixedSetting | null {
  if (folds.length < 3) return null;
  let best: FixedSetting | null = null;
  for (const L of SCHEME_TABLES)
    for (const k of SCHEME_BITS) {
      if (exactTagCost(L, k, signCost) > budget) continue;
      const tails = tailsOf(folds, L, k);
      const held = nestedCheck(tails, gallery, maxFalseRefusal);
      if (!held) continue;
      const m = thresholdAt(tails, held.margin, maxFalseRefusal);
      if (m > L) continue;
      const s: FixedSetting = {
        ...settingOf(tails, L, k, m, galleries, exactTagCost(L, k, signCost)),
        heldOut: held,
      };
      if (beats(held.meanCaught, s.constraints, best?.heldOut?.meanCaught, best?.constraints)) best = s;
    }
  return best;
}

/**
 * A fixed (L, k, m), such as the circuit's before this card, with the fully nested check of its
 * (L, k) attached for comparison (none with fewer than 3 folds, or when no safety factor passes).
 */
export function evaluateWithHeldOut(
  folds: readonly PairAgreement[],
  s: { tables: number; bits: number; threshold: number },
  gallery: number,
  maxFalseRefusal: number,
  galleries: readonly number[],
  signCost: number,
  cost: (L: number, k: number, signCost: number) => number,
): FixedSetting {
  const held = folds.length >= 3 ? heldOutCheck(folds, s.tables, s.bits, gallery, maxFalseRefusal) : null;
  return {
    ...evaluateSetting(folds, s.tables, s.bits, s.threshold, galleries, signCost, cost),
    ...(held ? { heldOut: held } : {}),
  };
}
