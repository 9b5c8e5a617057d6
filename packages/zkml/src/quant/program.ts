/**
 * The quantised model as an integer program: what the circuit constrains and the executor
 * computes. Signals are numbered globally: 0..nIn-1 are the inputs, then every layer's outputs.
 * A signal with exponent f stands for the real value q * 2^-f.
 */

/** acc = bias + sum_t w[t] * signal[sig[t]] (weights are circuit constants). */
export interface IntRow {
  sig: Int32Array;
  w: bigint[];
  bias: bigint;
  /**
   * `weights: "hashed"` only: index of each term's weight in `Program.weights.values` (the circuit
   * multiplies by the private input w[wid[t]] instead of the constant; `w[t]` equals its value).
   */
  wid?: Int32Array;
}

/**
 * Private weights of a `weights: "hashed"` program: circuit inputs `w[]`, each range-checked to
 * `bits` (signed), packed `perElement` a field element and committed with a chained Poseidon.
 */
export interface PrivateWeights {
  values: bigint[];
  bits: number;
  perElement: number;
}

/**
 * Rescale + activation from ONE bit decomposition (see README, "range checks"):
 * q = floor((acc + 2^(S-1)) / 2^S), out = L + clamp(q - L, 0, 2^A - 1).
 * mode "none": the clamp can never act (worst case inside the window) -> N constraints + 1 linear;
 * "lower": only the lower bound can act (ReLU) -> N + 1; "sat": both -> N + 3.
 */
export interface ActLayer {
  kind: "act";
  /** The ONNX node that created the layer. */
  node?: string;
  name: string;
  op: string;
  rows: IntRow[];
  S: number[];
  L: bigint;
  A: number;
  N: number;
  mode: "none" | "lower" | "sat";
  out0: number;
}

/** out = max(a, b), one decomposition of a - b: N + 1 constraints. */
export interface MaxLayer {
  kind: "max";
  node?: string;
  name: string;
  op: string;
  a: IntRow[];
  b: IntRow[];
  N: number;
  out0: number;
}

export type Layer = ActLayer | MaxLayer;

export interface ProgramOutput {
  name: string;
  shape: number[];
  sig: Int32Array;
  exp: number[];
}

export interface Program {
  inputName: string;
  inputShape: number[];
  /** Input integers are range-checked to inBits bits (signed: two's-complement window). */
  inBits: number;
  inSigned: boolean;
  inExp: number;
  layers: Layer[];
  outputs: ProgramOutput[];
  nSignals: number;
  sigExp: number[];
  sigLo: bigint[];
  sigHi: bigint[];
  /** Present in `weights: "hashed"` mode. */
  weights?: PrivateWeights;
  /** What the proof reveals of the input and output (default: private input, public output). */
  visibility?: Visibility;
}

/**
 * private: a witness only; public: the input integers are public signals; hashed: a salted
 * Poseidon commitment to them is a public output. Outputs: public integers or a salted commitment.
 */
export interface Visibility {
  input: "private" | "public" | "hashed";
  output: "public" | "hashed";
}

export const visibilityOf = (p: Program): Visibility =>
  p.visibility ?? { input: "private", output: "public" };

export const layerSize = (l: Layer): number => (l.kind === "act" ? l.rows.length : l.a.length);

/** Smallest N with -2^(N-1) <= lo and hi < 2^(N-1). */
export function bitsFor(lo: bigint, hi: bigint): number {
  let n = 1;
  while (-(1n << BigInt(n - 1)) > lo || hi >= 1n << BigInt(n - 1)) n++;
  return n;
}

/** Floor division for bigints (rounds towards minus infinity, as the bit decomposition does). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Interval of a row given the signal intervals. */
export function rowRange(r: IntRow, lo: bigint[], hi: bigint[]): [bigint, bigint] {
  let a = r.bias;
  let b = r.bias;
  for (let t = 0; t < r.sig.length; t++) {
    const w = r.w[t]!;
    const s = r.sig[t]!;
    if (w >= 0n) {
      a += w * lo[s]!;
      b += w * hi[s]!;
    } else {
      a += w * hi[s]!;
      b += w * lo[s]!;
    }
  }
  return [a, b];
}
