import type mcl from "mcl-wasm";
import { MalformedProofError, NonCanonicalFieldError } from "./errors.js";
import { BASE_FIELD, isCanonicalField, SNARK_FIELD } from "./field.js";
import { frFromBigint, g1, g2 } from "./mcl-curve.js";
import type { G1Json, G2Json } from "./vkey.js";

/** Affine coordinates, canonical (< q) but not yet checked against any curve equation. */
export interface G1Coords {
  x: bigint;
  y: bigint;
}
export interface G2Coords {
  x: readonly [bigint, bigint];
  y: readonly [bigint, bigint];
}

function coord(v: unknown, what: string): bigint {
  if (!isCanonicalField(v, BASE_FIELD)) throw new NonCanonicalFieldError(what);
  return BigInt(v as string);
}

/** Reads the shape and canonical coordinates of an affine G1 point [x, y, "1"] (no curve check). */
export function readG1(v: unknown, what: string): G1Coords {
  // snarkjs writes [x, y, "1"]; packed-proof tools drop the "1".
  if (!Array.isArray(v) || !(v.length === 2 || (v.length === 3 && v[2] === "1"))) {
    throw new MalformedProofError(`${what} must be [x, y, "1"]`);
  }
  return { x: coord(v[0], `${what}.x`), y: coord(v[1], `${what}.y`) };
}

/** Reads the shape and canonical coordinates of an affine G2 point (no curve or subgroup check). */
export function readG2(v: unknown, what: string): G2Coords {
  const shape = `${what} must be [[x0, x1], [y0, y1], ["1", "0"]]`;
  if (!Array.isArray(v) || (v.length !== 2 && v.length !== 3)) throw new MalformedProofError(shape);
  const [x, y, z = ["1", "0"]] = v as unknown[][];
  if (
    !Array.isArray(x) ||
    !Array.isArray(y) ||
    !Array.isArray(z) ||
    x.length !== 2 ||
    y.length !== 2 ||
    z[0] !== "1" ||
    z[1] !== "0"
  ) {
    throw new MalformedProofError(shape);
  }
  return {
    x: [coord(x[0], `${what}.x0`), coord(x[1], `${what}.x1`)],
    y: [coord(y[0], `${what}.y0`), coord(y[1], `${what}.y1`)],
  };
}

export const notInG1 = (what: string) => new MalformedProofError(`${what} is not a point of G1`);
export const notInG2 = (what: string) =>
  new MalformedProofError(`${what} is not a point of G2's prime-order subgroup`);

/** Parses an affine G1 point [x, y, "1"]; refuses non-canonical coordinates and points off the curve. */
export function parseG1(v: unknown, what: string): mcl.G1 {
  const { x, y } = readG1(v, what);
  try {
    return g1(x, y); // setStr checks the curve equation (G1 of BN254 has cofactor 1)
  } catch {
    throw notInG1(what);
  }
}

/** Parses an affine G2 point; mcl checks the curve equation and the subgroup order. */
export function parseG2(v: unknown, what: string): mcl.G2 {
  const { x, y } = readG2(v, what);
  try {
    return g2(x, y); // with verifyOrderG2(true), setStr checks the curve and the subgroup
  } catch {
    throw notInG2(what);
  }
}

/** Public signals must be canonical decimal scalars: p + x would otherwise alias x. */
export function parseSignals(signals: unknown, expected: number): bigint[] {
  if (!Array.isArray(signals))
    throw new MalformedProofError("public signals must be an array of decimal strings");
  if (signals.length !== expected) {
    throw new MalformedProofError(`expected ${expected} public signals, got ${signals.length}`);
  }
  return signals.map((s, i) => {
    if (!isCanonicalField(s, SNARK_FIELD)) throw new NonCanonicalFieldError(`public signal ${i}`);
    return BigInt(s as string);
  });
}

export type { G1Json, G2Json };
export { frFromBigint };
