import type mcl from "mcl-wasm";
import { MalformedProofError, NonCanonicalFieldError } from "./errors.js";
import { BASE_FIELD, isCanonicalField, SNARK_FIELD } from "./field.js";
import { frFromBigint, g1, g2 } from "./mcl-curve.js";
import type { G1Json, G2Json } from "./vkey.js";

function coord(v: unknown, what: string): string {
  if (!isCanonicalField(v, BASE_FIELD)) throw new NonCanonicalFieldError(what);
  return v as string;
}

/** Parses an affine G1 point [x, y, "1"]; refuses non-canonical coordinates and points off the curve. */
export function parseG1(v: unknown, what: string): mcl.G1 {
  // snarkjs writes [x, y, "1"]; packed-proof tools drop the "1".
  if (!Array.isArray(v) || !(v.length === 2 || (v.length === 3 && v[2] === "1"))) {
    throw new MalformedProofError(`${what} must be [x, y, "1"]`);
  }
  const p = (() => {
    try {
      return g1(coord(v[0], `${what}.x`), coord(v[1], `${what}.y`));
    } catch (e) {
      if (e instanceof NonCanonicalFieldError) throw e;
      throw new MalformedProofError(`${what} is not a point of G1`);
    }
  })();
  return p; // setStr has checked the curve equation (G1 of BN254 has cofactor 1)
}

/** Parses an affine G2 point; mcl checks the curve equation and the subgroup order. */
export function parseG2(v: unknown, what: string): mcl.G2 {
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
  const xs = [coord(x[0], `${what}.x0`), coord(x[1], `${what}.x1`)] as const;
  const ys = [coord(y[0], `${what}.y0`), coord(y[1], `${what}.y1`)] as const;
  let p: mcl.G2;
  try {
    p = g2(xs, ys);
  } catch {
    throw new MalformedProofError(`${what} is not a point of G2's prime-order subgroup`);
  }
  return p; // setStr has checked the curve equation and, with verifyOrderG2(true), the subgroup
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
