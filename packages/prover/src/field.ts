import { ArgumentError } from "@zkpop/errors";
/** BN254 scalar field order: every public signal must be a canonical element below it. */
export const SNARK_FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
/** BN254 base field order (coordinates of curve points). */
export const BASE_FIELD = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

const DECIMAL = /^(0|[1-9][0-9]{0,77})$/;

/** True when `value` is a decimal string (or bigint) denoting an integer in [0, p). */
export function isCanonicalField(value: unknown, p: bigint = SNARK_FIELD): boolean {
  if (typeof value === "bigint") return value >= 0n && value < p;
  if (typeof value !== "string" || !DECIMAL.test(value)) return false;
  return BigInt(value) < p;
}

export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let result = 1n;
  let b = ((base % m) + m) % m;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return result;
}

export function modInv(a: bigint, m: bigint): bigint {
  return modPow(a, m - 2n, m);
}

/** Inverts every element with one exponentiation (Montgomery's trick). */
export function batchInvert(values: bigint[], m: bigint): bigint[] {
  const prefix = new Array<bigint>(values.length);
  let acc = 1n;
  for (let i = 0; i < values.length; i++) {
    prefix[i] = acc;
    acc = (acc * values[i]!) % m;
  }
  let inv = modInv(acc, m);
  const out = new Array<bigint>(values.length);
  for (let i = values.length - 1; i >= 0; i--) {
    out[i] = (inv * prefix[i]!) % m;
    inv = (inv * values[i]!) % m;
  }
  return out;
}

/**
 * Primitive 2^k-th root of unity of the scalar field, chosen exactly as ffjavascript
 * (snarkjs) does: the smallest quadratic non-residue raised to the odd part of p-1.
 */
export function rootOfUnity(k: number): bigint {
  const p = SNARK_FIELD;
  let s = 0;
  let t = p - 1n;
  while ((t & 1n) === 0n) {
    t >>= 1n;
    s++;
  }
  if (k > s) throw new ArgumentError(`the scalar field has no 2^${k}-th root of unity (max 2^${s})`);
  let nqr = 2n;
  while (modPow(nqr, (p - 1n) / 2n, p) !== p - 1n) nqr++;
  let w = modPow(nqr, t, p);
  for (let i = s; i > k; i--) w = (w * w) % p;
  return w;
}
