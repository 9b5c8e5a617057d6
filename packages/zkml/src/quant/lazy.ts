import type { Rows } from "../ops/rows.js";

/**
 * A tensor not yet in the circuit: every element is an affine form over circuit signals with
 * REAL coefficients (coef multiplies the signal's real value). Linear ops compose into it for
 * free; a non-linearity (or an output) materialises it, quantising the coefficients once.
 */
export interface Lazy {
  shape: number[];
  start: Int32Array;
  sig: Int32Array;
  coef: Float64Array;
  bias: Float64Array;
}

export function identityLazy(shape: number[], sigs: ArrayLike<number>): Lazy {
  const n = sigs.length;
  return {
    shape,
    start: Int32Array.from({ length: n + 1 }, (_, i) => i),
    sig: Int32Array.from(sigs),
    coef: new Float64Array(n).fill(1),
    bias: new Float64Array(n),
  };
}

/** True when every element is exactly one signal (coefficient 1, no bias): nothing to materialise. */
export function isIdentity(l: Lazy): boolean {
  for (let j = 0; j < l.bias.length; j++) {
    if (l.start[j + 1]! - l.start[j]! !== 1 || l.bias[j] !== 0 || l.coef[l.start[j]!] !== 1) return false;
  }
  return true;
}

/** Mean number of terms per element. */
export function meanFanIn(l: Lazy): number {
  return l.sig.length / Math.max(1, l.bias.length);
}

/** rows ∘ inputs: the affine map of a linear op applied to lazy inputs, terms merged per signal. */
export function compose(rows: Rows, inputs: (Lazy | undefined)[]): Lazy {
  const n = rows.bias.length;
  const start = new Int32Array(n + 1);
  const sig: number[] = [];
  const coef: number[] = [];
  const bias = new Float64Array(n);
  const acc = new Map<number, number>();
  for (let j = 0; j < n; j++) {
    let b = rows.bias[j]!;
    acc.clear();
    for (let t = rows.start[j]!; t < rows.start[j + 1]!; t++) {
      const l = inputs[rows.src[t]!]!;
      const i = rows.idx[t]!;
      const c = rows.coef[t]!;
      b += c * l.bias[i]!;
      for (let u = l.start[i]!; u < l.start[i + 1]!; u++) {
        const s = l.sig[u]!;
        acc.set(s, (acc.get(s) ?? 0) + c * l.coef[u]!);
      }
    }
    for (const [s, c] of acc) {
      if (c === 0) continue;
      sig.push(s);
      coef.push(c);
    }
    bias[j] = b;
    start[j + 1] = sig.length;
  }
  return { shape: rows.shape, start, sig: Int32Array.from(sig), coef: Float64Array.from(coef), bias };
}

/** Element j as (signals, coefficients, bias). */
export function rowOf(l: Lazy, j: number): { sig: Int32Array; coef: Float64Array; bias: number } {
  return {
    sig: l.sig.subarray(l.start[j]!, l.start[j + 1]!),
    coef: l.coef.subarray(l.start[j]!, l.start[j + 1]!),
    bias: l.bias[j]!,
  };
}

/** Builds a lazy tensor element by element. */
export class LazyBuilder {
  private sig: number[] = [];
  private coef: number[] = [];
  private bias: number[] = [];
  private start: number[] = [0];
  term(s: number, c: number): void {
    if (c === 0) return;
    this.sig.push(s);
    this.coef.push(c);
  }
  end(b = 0): void {
    this.bias.push(b);
    this.start.push(this.sig.length);
  }
  build(shape: number[]): Lazy {
    return {
      shape,
      start: Int32Array.from(this.start),
      sig: Int32Array.from(this.sig),
      coef: Float64Array.from(this.coef),
      bias: Float64Array.from(this.bias),
    };
  }
}
