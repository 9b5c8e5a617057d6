import { describe, expect, it } from "vitest";
import { checkModel } from "./helpers.js";
import { allModels } from "./models.js";

// Documented tolerance of the executor against onnxruntime (README, "accuracy"): with 8-bit
// activations and inputs and 8-bit weights, max |error| <= 6 % of the largest output and cosine >= 0.99.
const REL_TOL = 0.06;

describe("every op: circuit == executor bit for bit, executor ~ onnxruntime", () => {
  for (const make of allModels) {
    const m = make();
    it(`${m.name} (${m.ops.join(", ")})`, async () => {
      const c = await checkModel(`op-${m.name}`, m.bytes, m.shape, 100 + m.name.length, 100, {
        activationBits: 12,
        inputBits: 12,
      });
      expect(c.mismatches).toBe(0);
      expect(c.inputs).toBeGreaterThanOrEqual(100);
      // cost model: exact for the emitted circuit (must be within 10 %)
      expect(
        Math.abs(c.compiled.info.nConstraints - c.q.cost.totalConstraints) / c.compiled.info.nConstraints,
      ).toBeLessThan(0.1);
      expect(c.ortMaxAbsError).toBeLessThanOrEqual(REL_TOL * c.ortMaxAbsOutput);
      expect(c.ortMinCosine).toBeGreaterThan(0.99);
      console.log(
        `${m.name}: ${c.compiled.info.nConstraints} constraints (predicted ${c.q.cost.totalConstraints}), ort max|err| ${c.ortMaxAbsError.toFixed(4)} of ${c.ortMaxAbsOutput.toFixed(3)}, min cos ${c.ortMinCosine.toFixed(5)}`,
      );
    });
  }
});
