/**
 * What a holder of raw tags learns about the face (docs/dedup.md, privacy): the tags give each
 * table's sign bits, and summing the hyperplanes with those signs recovers the direction of the
 * in-circuit embedding. Prints the cosine of that reconstruction to the true embedding over every
 * third ORL photo of the committed crop cache, for the circuit before issue 12's (L = 64, k = 7)
 * and the default L, k.
 * Run: npx tsx packages/enroll-circuit/scripts/reconstruct-from-tags.ts
 *
 * Data: ORL face database, Olivetti Research Laboratory (Samaria & Harter 1994).
 */
import { readCropCache } from "@zkpop/image";
import { execute, quantizeModel } from "@zkpop/zkml";
import {
  DEFAULT_LSH,
  defaultEnrollCircuitOptions,
  lshBits,
  lshHyperplanes,
  orlCropsPath,
} from "../src/index.js";

const o = defaultEnrollCircuitOptions();
const q = await quantizeModel(o.model, { ...o.quant, calibration: o.calibration });
const cache = readCropCache(orlCropsPath());
const norm = (v: readonly number[]) => Math.hypot(...v);

for (const { tables, bits } of [{ tables: 64, bits: 7 }, DEFAULT_LSH]) {
  const p = { ...DEFAULT_LSH, tables, bits };
  const planes = lshHyperplanes(p);
  const cosines: number[] = [];
  for (let i = 0; i < cache.crops.length; i += 3) {
    const e = execute(q.program, Array.from(cache.crops[i]!.data, BigInt)).outputs.flat().map(Number);
    const signs = lshBits(e, planes, p).flat();
    const r = new Array<number>(e.length).fill(0);
    signs.forEach((bit, row) => {
      for (const [j, h] of planes[row]!.entries()) r[j]! += (bit ? 1 : -1) * h;
    });
    cosines.push(r.reduce((a, x, j) => a + x * e[j]!, 0) / (norm(r) * norm(e)));
  }
  cosines.sort((a, b) => a - b);
  console.log(
    `L = ${tables}, k = ${p.bits} (${tables * p.bits} sign bits): cosine of the reconstruction to the embedding, median ${cosines[cosines.length >> 1]!.toFixed(3)}, worst ${cosines[0]!.toFixed(3)} (${cosines.length} photos)`,
  );
}
