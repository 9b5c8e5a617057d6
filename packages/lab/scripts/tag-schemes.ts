/**
 * The card's tag-scheme comparison alone, in minutes instead of the full card's ~40: the same
 * 3 folds of s1–s30, each fold's student v3 fitted on its 20 training subjects + LFW with the
 * committed recipe, quantised as the default circuit, and every scheme (random hyperplanes, the
 * least-confident multi-probe, learned bits) compared on the held-out subjects' executor outputs.
 * Faces come from the committed crop cache (orl-crops-32.json), not re-detected, so figures can
 * differ from the card's in the last digit.
 *
 *   npx tsx packages/lab/scripts/tag-schemes.ts
 *
 * Data: ORL face database, Olivetti Research Laboratory (Samaria & Harter 1994).
 */
import path from "node:path";
import {
  DEFAULT_LSH,
  DEFAULT_QUANT,
  lshHyperplanes,
  outputBound,
  projectionBits,
} from "@zkpop/enroll-circuit";
import { readCropCache } from "@zkpop/image";
import { execute, quantizeModel } from "@zkpop/zkml";
import { foldsOf, GALLERIES, MAX_FALSE_REFUSAL } from "../src/eval/cv.js";
import { schemeTable } from "../src/eval/cv-markdown.js";
import { compareSchemes, pairAgreement, tagSchemes } from "../src/eval/dedup-model.js";
import { type LearnedScheme, learnedBitSchemes } from "../src/eval/learned-bits.js";
import { exportFilterBankOnnx, FILTER_BANK_STUDENT } from "../src/student/filter-bank.js";
import { fitStudent, RECIPE_V3 } from "../src/student/recipe.js";
import { DATA_DIR, RUNTIME_DATA_DIR } from "./common.js";

const t0 = Date.now();
const orl = readCropCache(path.join(RUNTIME_DATA_DIR, "orl-crops-32.json"));
const faces = orl.index.entries.map((e, i) => ({
  label: e.label,
  subject: Number(e.label.slice(1)),
  pixels: orl.crops[i]!.data,
  teacher150: orl.descriptors[i]!,
}));
const lfwCache = readCropCache(path.join(DATA_DIR, "lfw-faces-32.json"));
const lfw = lfwCache.crops.map((c, i) => ({ pixels: c.data, teacher150: lfwCache.descriptors[i]! }));
const spec = FILTER_BANK_STUDENT;
const folds: { schemes: ReturnType<typeof compareSchemes>; learned: LearnedScheme[] }[] = [];
for (const test of foldsOf(
  Array.from({ length: 30 }, (_, i) => i + 1),
  3,
)) {
  const inTest = new Set(test);
  const tr = faces.filter((f) => !inTest.has(f.subject));
  const te = faces.filter((f) => inTest.has(f.subject));
  const student = fitStudent(tr, lfw, RECIPE_V3, spec);
  const bytes = exportFilterBankOnnx(spec, student.filters, student.head, { arch: spec.name });
  const calibration = tr.slice(0, 60).map((f) => Array.from(f.pixels));
  const q = await quantizeModel(bytes, { ...DEFAULT_QUANT, calibration });
  const signCost = projectionBits(lshHyperplanes(DEFAULT_LSH), outputBound(q.program)) + 1;
  const embed = (pixels: Uint8Array) =>
    Float64Array.from(execute(q.program, Array.from(pixels, BigInt)).real.flatMap((r) => Array.from(r)));
  const testEmb = te.map((f) => embed(f.pixels));
  const labels = te.map((f) => f.label);
  folds.push({
    schemes: compareSchemes(
      pairAgreement(testEmb, labels),
      tagSchemes(DEFAULT_LSH),
      GALLERIES,
      MAX_FALSE_REFUSAL,
      signCost,
    ),
    learned: learnedBitSchemes(
      tr.map((f) => embed(f.pixels)),
      testEmb,
      labels,
      GALLERIES,
      MAX_FALSE_REFUSAL,
      signCost,
    ),
  });
  console.error(`held out s${test[0]}–s${test.at(-1)}: sign bit ${signCost} constraints`);
}
console.log(schemeTable(folds).join("\n"));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log("\nMeasured bit agreement of the 64-bit codes, genuine / impostor (mean over folds):");
folds[0]!.learned.forEach((l, i) => {
  const g = mean(folds.map((f) => f.learned[i]!.bitAgreement.genuine));
  const im = mean(folds.map((f) => f.learned[i]!.bitAgreement.impostor));
  console.log(`- ${l.scheme.split(",")[0]}: ${(100 * g).toFixed(2)} % / ${(100 * im).toFixed(2)} %`);
});
console.error(`${Math.round((Date.now() - t0) / 1000)} s`);
