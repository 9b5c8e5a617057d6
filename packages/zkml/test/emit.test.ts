import { describe, expect, it } from "vitest";
import { emitCircom } from "../src/emit.js";
import { quantizeModel } from "../src/model.js";
import { randTensor, rng } from "./helpers.js";
import { convModel } from "./models.js";

describe("emitted circom stays fast to witness", () => {
  it("has no `**`: circom's wasm evaluates 2**i as a 254-bit exponentiation (was ~90 % of witness time)", async () => {
    const m = convModel();
    const r = rng(5);
    for (const weights of ["constant", "hashed"] as const) {
      const q = await quantizeModel(m.bytes, {
        calibration: Array.from({ length: 8 }, () => randTensor(r, m.shape)),
        weights,
      });
      expect(emitCircom(q.program)).not.toContain("**");
    }
  });
});
