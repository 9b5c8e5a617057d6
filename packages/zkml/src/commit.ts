import * as P from "poseidon-lite";
import type { PrivateWeights } from "./quant/program.js";

/**
 * The weight commitment of `weights: "hashed"`, computed in JS exactly as the circuit does
 * (emit-weights.ts). Each signed weight is offset by 2^(bits-1) to [0, 2^bits) and `perElement`
 * of them are packed little-endian into one field element (< 2^252, no wrap). The elements are
 * absorbed by a chained Poseidon: h = Poseidon(e[0..15]), then h = Poseidon(h, next 15), ...
 */
export const FIRST_CHUNK = 16;
export const NEXT_CHUNK = 15;

const HASH = [
  P.poseidon1,
  P.poseidon2,
  P.poseidon3,
  P.poseidon4,
  P.poseidon5,
  P.poseidon6,
  P.poseidon7,
  P.poseidon8,
  P.poseidon9,
  P.poseidon10,
  P.poseidon11,
  P.poseidon12,
  P.poseidon13,
  P.poseidon14,
  P.poseidon15,
  P.poseidon16,
];

export function packWeights(w: PrivateWeights): bigint[] {
  const off = 1n << BigInt(w.bits - 1);
  const out: bigint[] = [];
  for (let i = 0; i < w.values.length; i += w.perElement) {
    let e = 0n;
    const n = Math.min(w.perElement, w.values.length - i);
    for (let k = n - 1; k >= 0; k--) e = (e << BigInt(w.bits)) + w.values[i + k]! + off;
    out.push(e);
  }
  return out;
}

/** Sizes of the chained Poseidon calls for `n` packed elements (shared with the emitter and cost model). */
export function chunkSizes(n: number): number[] {
  const sizes = [Math.min(n, FIRST_CHUNK)];
  for (let i = sizes[0]!; i < n; i += NEXT_CHUNK) sizes.push(1 + Math.min(NEXT_CHUNK, n - i));
  return sizes;
}

export function weightCommitment(w: PrivateWeights): bigint {
  const e = packWeights(w);
  let h = HASH[Math.min(e.length, FIRST_CHUNK) - 1]!(e.slice(0, FIRST_CHUNK));
  for (let i = FIRST_CHUNK; i < e.length; i += NEXT_CHUNK) {
    const chunk = e.slice(i, i + NEXT_CHUNK);
    h = HASH[chunk.length]!([h, ...chunk]);
  }
  return h;
}
