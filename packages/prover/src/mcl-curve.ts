import { ArgumentError } from "@zkpop/errors";
import mcl from "mcl-wasm";
import { BASE_FIELD } from "./field.js";

/** BN254 generators, in snarkjs' coordinate order (Fp2 = c0 + c1·u). */
export const G1_GENERATOR = { x: 1n, y: 2n };
export const G2_GENERATOR = {
  x: [
    10857046999023057135944570762232829481370756359578518086990519993285655852781n,
    11559732032986387107991004021392285783925812861821192530917403151452391805634n,
  ],
  y: [
    8495653923123431417604973247489272438418190587263600148770280649306958101930n,
    4082367875863433681332203403145435568316851327593401208105741076214120093531n,
  ],
} as const;

let ready: Promise<void> | undefined;

/**
 * Initialises mcl once per process on BN_SNARK1 (= snarkjs' bn128). Parsing a G2 point checks
 * that it lies in the prime-order subgroup (G2 has a large cofactor); G1 has cofactor 1, so the
 * curve equation, always checked, suffices there and the costly order check stays off.
 */
export function initMcl(): Promise<void> {
  ready ??= mcl.init(mcl.BN_SNARK1).then(() => {
    mcl.verifyOrderG1(false);
    mcl.verifyOrderG2(true);
  });
  return ready;
}

export function g1(x: bigint | string, y: bigint | string): mcl.G1 {
  const p = new mcl.G1();
  p.setStr(`1 ${x} ${y}`, 10);
  return p;
}

export function g2(
  x: readonly [bigint | string, bigint | string],
  y: readonly [bigint | string, bigint | string],
): mcl.G2 {
  const p = new mcl.G2();
  p.setStr(`1 ${x[0]} ${x[1]} ${y[0]} ${y[1]}`, 10);
  return p;
}

export function frFromBigint(v: bigint): mcl.Fr {
  const f = new mcl.Fr();
  f.setStr(v.toString(10), 10);
  return f;
}

const R_MONT = (1n << 256n) % BASE_FIELD;
let rFp: mcl.Fp | undefined;

/** Writes a base-field element little-endian in Montgomery form (snarkjs' "LEM"): x·2^256 mod q. */
function writeLem(out: Uint8Array, offset: number, x: mcl.Fp): void {
  if (!rFp) {
    rFp = new mcl.Fp();
    rFp.setStr(R_MONT.toString(), 10);
  }
  out.set(mcl.mul(x, rFp).serialize(), offset); // mcl serialises Fp little-endian, 32 bytes
}

/** Affine point in snarkjs' binary layout: 64 bytes for G1, 128 for G2. The point must be normalised. */
export function pointToLem(p: mcl.G1 | mcl.G2, out: Uint8Array, offset: number): void {
  if (p.isZero()) throw new ArgumentError("point at infinity cannot be written in affine form");
  if (p instanceof mcl.G1) {
    writeLem(out, offset, p.getX());
    writeLem(out, offset + 32, p.getY());
    return;
  }
  const x = p.getX();
  const y = p.getY();
  writeLem(out, offset, x.get_a());
  writeLem(out, offset + 32, x.get_b());
  writeLem(out, offset + 64, y.get_a());
  writeLem(out, offset + 96, y.get_b());
}
