import { FixedPointRangeError } from "./errors.js";
import { type ActLayer, floorDiv, type IntRow, type MaxLayer, type Program } from "./quant/program.js";
import type { Tensor } from "./tensor.js";

const pow2 = (k: number) => 1n << BigInt(k);

function rowValue(r: IntRow, v: bigint[]): bigint {
  let acc = r.bias;
  for (let t = 0; t < r.sig.length; t++) acc += r.w[t]! * v[r.sig[t]!]!;
  return acc;
}

/** The fused gadget's arithmetic, exactly: round-half-up shift, then the clamp window. */
export function actValue(l: ActLayer, j: number, acc: bigint): bigint {
  const s = l.S[j]!;
  const off = (s > 0 ? pow2(s - 1) : 0n) - l.L * pow2(s);
  const u = acc + off + pow2(l.N - 1);
  if (u < 0n || u >= pow2(l.N)) {
    // cannot happen for range-checked inputs: the bound analysis sized N from the worst case
    throw new FixedPointRangeError(
      `layer '${l.name}' row ${j}: accumulator ${acc} outside its ${l.N}-bit window`,
    );
  }
  const t = floorDiv(acc + off, pow2(s));
  const M = pow2(l.A) - 1n;
  return l.L + (t < 0n ? 0n : t > M ? M : t);
}

function maxValue(l: MaxLayer, a: bigint, b: bigint): bigint {
  const d = a - b;
  if (d < -pow2(l.N - 1) || d >= pow2(l.N - 1))
    throw new FixedPointRangeError(`max '${l.name}': difference outside ${l.N} bits`);
  return d >= 0n ? a : b;
}

export interface ExecResult {
  /** Every signal of the program (inputs first). */
  signals: bigint[];
  /** Integer outputs, one array per model output. */
  outputs: bigint[][];
  /** Outputs as reals (q * 2^-exp). */
  real: Float64Array[];
}

/** Input range of the program as integers. */
export function inputRange(p: Program): [bigint, bigint] {
  return p.inSigned ? [-pow2(p.inBits - 1), pow2(p.inBits - 1) - 1n] : [0n, pow2(p.inBits) - 1n];
}

/** Float input -> the integers the circuit takes (round to nearest, clamp to the input window). */
export function quantizeInput(p: Program, x: Tensor | ArrayLike<number>): bigint[] {
  const data = "data" in x ? x.data : x;
  const [lo, hi] = inputRange(p);
  return Array.from(data as ArrayLike<number>, (v) => {
    const q = BigInt(Math.round(v * 2 ** p.inExp));
    return q < lo ? lo : q > hi ? hi : q;
  });
}

/**
 * Runs the integer program: bit for bit what the circuit computes. Inputs must be in range
 * (the circuit's range check would reject them otherwise).
 */
export function execute(p: Program, input: readonly bigint[]): ExecResult {
  const [lo, hi] = inputRange(p);
  const n = p.inputShape.reduce((a, b) => a * b, 1);
  if (input.length !== n)
    throw new FixedPointRangeError(`input has ${input.length} values, the model takes ${n}`);
  const v: bigint[] = new Array(p.nSignals);
  input.forEach((x, i) => {
    if (x < lo || x > hi) throw new FixedPointRangeError(`input ${i} = ${x} is outside [${lo}, ${hi}]`);
    v[i] = x;
  });
  for (const l of p.layers) {
    if (l.kind === "act") {
      for (const [j, r] of l.rows.entries()) v[l.out0 + j] = actValue(l, j, rowValue(r, v));
    } else {
      for (const [j, a] of l.a.entries()) v[l.out0 + j] = maxValue(l, rowValue(a, v), rowValue(l.b[j]!, v));
    }
  }
  const outputs = p.outputs.map((o) => Array.from(o.sig, (s) => v[s]!));
  const real = p.outputs.map((o, k) => Float64Array.from(outputs[k]!, (q, j) => Number(q) * 2 ** -o.exp[j]!));
  return { signals: v, outputs, real };
}
