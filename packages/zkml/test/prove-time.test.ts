/** The proving-time prediction zkml prints beside a model's cost: more constraints never predict less time. */
import { describe, expect, it } from "vitest";
import { predictProveSeconds } from "../src/index.js";

describe("predictProveSeconds", () => {
  it("is monotonic from 1 k to 4 M constraints", () => {
    let last = 0;
    for (let n = 1_000; n <= 4_000_000; n = Math.ceil(n * 1.05)) {
      const s = predictProveSeconds(n);
      expect(s, `${n} constraints`).toBeGreaterThanOrEqual(last);
      last = s;
    }
  });

  it("meets the measured points (shared/notes/measurements.md, README: enrollment 113 k in 9.2 s)", () => {
    expect(predictProveSeconds(67_000)).toBeCloseTo(6.9, 0);
    expect(predictProveSeconds(113_000)).toBeCloseTo(9.2, 0);
    expect(predictProveSeconds(338_000)).toBeGreaterThan(25);
    expect(predictProveSeconds(1_000_000)).toBeGreaterThan(predictProveSeconds(338_000) * 2);
  });
});
