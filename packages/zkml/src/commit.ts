import { SNARK_FIELD } from "@zkpop/prover";
import * as P from "poseidon-lite";
import type { PrivateWeights, Program } from "./quant/program.js";

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

/**
 * Integers packed little-endian, `perElement` per field element, each plus `off` (which must bring
 * it into [0, 2^bits): then the packing is injective and below 2^252 < p).
 */
export function packInts(values: readonly bigint[], bits: number, perElement: number, off: bigint): bigint[] {
  const out: bigint[] = [];
  for (let i = 0; i < values.length; i += perElement) {
    let e = 0n;
    const n = Math.min(perElement, values.length - i);
    for (let k = n - 1; k >= 0; k--) e = (e << BigInt(bits)) + values[i + k]! + off;
    out.push(e);
  }
  return out;
}

export function packWeights(w: PrivateWeights): bigint[] {
  return packInts(w.values, w.bits, w.perElement, 1n << BigInt(w.bits - 1));
}

/** Sizes of the chained Poseidon calls for `n` packed elements (shared with the emitter and cost model). */
export function chunkSizes(n: number): number[] {
  const sizes = [Math.min(n, FIRST_CHUNK)];
  for (let i = sizes[0]!; i < n; i += NEXT_CHUNK) sizes.push(1 + Math.min(NEXT_CHUNK, n - i));
  return sizes;
}

/** h = Poseidon(e[0..15]), then h = Poseidon(h, next 15), ... (the circuit's chain, emit-commit.ts). */
export function chainHash(e: readonly bigint[]): bigint {
  let h = HASH[Math.min(e.length, FIRST_CHUNK) - 1]!(e.slice(0, FIRST_CHUNK));
  for (let i = FIRST_CHUNK; i < e.length; i += NEXT_CHUNK) {
    const chunk = e.slice(i, i + NEXT_CHUNK);
    h = HASH[chunk.length]!([h, ...chunk]);
  }
  return h;
}

export function weightCommitment(w: PrivateWeights): bigint {
  return chainHash(packWeights(w));
}

/** Field element of a signed integer (negative values are p - |v|, as in the circuit). */
const field = (v: bigint): bigint => ((v % SNARK_FIELD) + SNARK_FIELD) % SNARK_FIELD;

/**
 * `input: "hashed"`: Poseidon chain over [salt, packed input integers] (inBits each, range-checked
 * by the circuit, so the packing is injective).
 */
export function inputCommitment(p: Program, ints: readonly bigint[], salt: bigint): bigint {
  return chainHash([field(salt), ...packInts(ints, p.inBits, inputPerElement(p), inputOffset(p))]);
}

/** Unsigned inputs are in [0, 2^B) already; signed ones are offset by 2^(B-1). */
export const inputOffset = (p: Program): bigint => (p.inSigned ? 1n << BigInt(p.inBits - 1) : 0n);

/** Input integers per packed element: unsigned offset values below 2^252 < p. */
export const inputPerElement = (p: Program): number => Math.floor(252 / p.inBits);

/** `output: "hashed"`: Poseidon chain over [salt, every output integer as a field element]. */
export function outputCommitment(outputs: readonly bigint[], salt: bigint): bigint {
  return chainHash([field(salt), ...outputs.map(field)]);
}
