import { describe, expect, it } from "vitest";
import { BASE_FIELD, isCanonicalField, SNARK_FIELD } from "../src/index.js";

// The one canonical-field check: the proof parsers (prover, core), the server's request
// schemas, signed captures and on-chain calldata all call this function.
describe("field elements", () => {
  it("accepts only canonical decimal strings below p", () => {
    for (const ok of ["0", "1", (SNARK_FIELD - 1n).toString()]) expect(isCanonicalField(ok), ok).toBe(true);
    for (const bad of [
      "",
      "01",
      "-1",
      "+1",
      "0x1",
      "1e3",
      " 1",
      "1 ",
      SNARK_FIELD.toString(),
      (SNARK_FIELD + 1n).toString(),
      "9".repeat(79),
      1,
      null,
    ]) {
      expect(isCanonicalField(bad), String(bad)).toBe(false);
    }
  });

  it("takes bigints in [0, p) and another order when given one", () => {
    expect(isCanonicalField(0n)).toBe(true);
    expect(isCanonicalField(SNARK_FIELD - 1n)).toBe(true);
    expect(isCanonicalField(SNARK_FIELD)).toBe(false);
    expect(isCanonicalField(-1n)).toBe(false);
    // r < q: a value in [r, q) is a canonical base-field coordinate, not a canonical scalar.
    expect(isCanonicalField(SNARK_FIELD.toString(), BASE_FIELD)).toBe(true);
    expect(isCanonicalField(BASE_FIELD.toString(), BASE_FIELD)).toBe(false);
  });
});
