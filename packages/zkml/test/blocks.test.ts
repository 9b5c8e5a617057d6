import { describe, expect, it } from "vitest";
import { emitCircom } from "../src/emit.js";
import { execute, quantizeInput } from "../src/exec.js";
import { quantizeModel } from "../src/model.js";
import { compileSource, randTensor, rng } from "./helpers.js";
import { convModel, poolModel, residualModel } from "./models.js";

// Large models are split into block templates (the witness wasm has a per-function size limit).
// Forced small blocks must compute exactly what the single template does, at the same cost.
describe("layers split into block templates", () => {
  for (const make of [convModel, residualModel, poolModel]) {
    const m = make();
    it(`${m.name}: bit-exact and the same constraint count as one template`, async () => {
      const r = rng(500 + m.name.length);
      const calibration = Array.from({ length: 32 }, () => randTensor(r, m.shape));
      const q = await quantizeModel(m.bytes, { calibration, activationBits: 12, inputBits: 12 });
      const split = emitCircom(q.program, { header: `${m.name} blocks`, blockTerms: 40 });
      expect(split).toMatch(/template Block_1_1\(\)/); // really split, more than one block a layer
      const blocks = await compileSource(`blocks-${m.name}`, split);
      const whole = await compileSource(
        `whole-${m.name}`,
        emitCircom(q.program, { header: `${m.name} whole` }),
      );
      expect(blocks.compiled.info.nConstraints).toBe(whole.compiled.info.nConstraints);
      expect(blocks.compiled.info.nConstraints).toBe(q.cost.totalConstraints);
      const p = blocks.compiled.info.prime;
      for (let i = 0; i < 30; i++) {
        const qin = quantizeInput(q.program, randTensor(r, m.shape));
        const want = execute(q.program, qin)
          .outputs.flat()
          .map((v) => ((v % p) + p) % p);
        const w = await blocks.gen.witness({ in: qin.map(String) });
        expect(w.slice(1, 1 + want.length)).toEqual(want);
      }
    });
  }
});
