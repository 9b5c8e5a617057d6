/**
 * Fits the default student (recipe in src/student/recipe.ts: PCA patch filters, ridge onto the
 * teacher's PCA-64, then WCCN from the training people's identities, folded into the head),
 * exports it to ONNX, checks the ONNX file with onnxruntime-node against the TypeScript forward
 * pass, and writes data/student-32.{onnx,report.json,report.md} (in @zkpop/enroll-circuit).
 * Deterministic: no random number is drawn (PCA and closed-form solves).
 *
 *   npx tsx packages/lab/scripts/fit-student.ts [--train 1-30] [--lambda 2] [--whiten 0.2]
 *       [--mirror 1|0] [--lfw 1|0] [--out data/student-32] [--teacher-eval data/teacher-eval.json]
 *
 * Fits on the ORL subjects of --train + the LFW faces of data/lfw-faces-32 (+ mirror images).
 * Nothing is selected here: the recipe's values are fixed, and its figures on people it never saw
 * come from the cross-validated card (`zkpop eval`, each fold refitted with this same recipe).
 * The figures this script prints are on its own training subjects, so they are optimistic.
 * Data: ORL face database, Olivetti Research Laboratory (Samaria & Harter 1994); LFW subset from
 * scikit-image (see src/student/lfw.ts).
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { readCropCache } from "@zkpop/image";
import { ORL_CREDIT, parseSubjects } from "../src/orl.js";
import { subjectNumber } from "../src/student/dataset.js";
import {
  exportFilterBankOnnx,
  FILTER_BANK_STUDENT,
  filterBankCosts,
  filterBankEmbed,
} from "../src/student/filter-bank.js";
import { type FitReport, fitReportMarkdown } from "../src/student/fit-report.js";
import { LFW_CREDIT } from "../src/student/lfw.js";
import { loadOnnxStudent } from "../src/student/onnx-run.js";
import { fitStudent, RECIPE_V3, type StudentRecipe } from "../src/student/recipe.js";
import { DATA_DIR, flags, RUNTIME_DATA_DIR } from "./common.js";
import { formatFigure, studentFigures, TEACHER32_SOURCE } from "./figures.js";

const f = flags(process.argv.slice(2));
const trainSubjects = new Set(parseSubjects(f.get("train") ?? "1-30"));
const recipe: StudentRecipe = {
  lambda: Number(f.get("lambda") ?? RECIPE_V3.lambda),
  whitenShrink: Number(f.get("whiten") ?? RECIPE_V3.whitenShrink),
  mirror: (f.get("mirror") ?? "1") !== "0",
  lfw: (f.get("lfw") ?? "1") !== "0",
};
const outPrefix = path.resolve(f.get("out") ?? path.join(RUNTIME_DATA_DIR, "student-32"));
const teacherEvalPath = f.get("teacher-eval") ?? path.join(DATA_DIR, "teacher-eval.json");
const spec = { ...FILTER_BANK_STUDENT, name: "zkpop-student-32-v3" };
const t0 = performance.now();
const log = (m: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${m}`);

const faces = (file: string) => {
  const c = readCropCache(path.join(file.startsWith("orl-") ? RUNTIME_DATA_DIR : DATA_DIR, file));
  return c.index.entries.map((e, i) => ({
    label: e.label,
    pixels: c.crops[i]!.data,
    teacher150: c.descriptors[i]!,
  }));
};
const orl = faces("orl-crops-32.json").filter((it) => subjectNumber(it.label) <= 30);
const orlTrain = orl.filter((it) => trainSubjects.has(subjectNumber(it.label)));
const lfw = faces("lfw-faces-32.json");
log(
  `fit on ${orlTrain.length} ORL images${recipe.lfw ? ` + ${lfw.length} LFW` : ""}${recipe.mirror ? ", each also mirrored" : ""}; λ ${recipe.lambda}, WCCN shrink ${recipe.whitenShrink}`,
);
const { filters, head } = fitStudent(orlTrain, lfw, recipe, spec);
const best = { lambda: recipe.lambda, head };

const onnxBytes = exportFilterBankOnnx(spec, filters, best.head, {
  arch: spec.name,
  lambda: String(recipe.lambda),
  whiten: String(recipe.whitenShrink),
  input: "pixel bytes 0..255 as float, [1,1,32,32], crop from alignFace(size 32, padding 0.25)",
  output: "64-d embedding, compare by cosine",
});
const onnxFile = `${outPrefix}.onnx`;
writeFileSync(onnxFile, onnxBytes);
const ort = await loadOnnxStudent(onnxBytes);
const onnxEmb: Float32Array[] = [];
let maxDiff = 0;
for (const it of orl) {
  const e = await ort.embed(it.pixels);
  const ref = filterBankEmbed(it.pixels, filters, best.head, spec);
  for (let k = 0; k < e.length; k++) maxDiff = Math.max(maxDiff, Math.abs(e[k]! - ref[k]!));
  onnxEmb.push(e);
}
await ort.release();
log(
  `onnx ${onnxBytes.length} bytes; max |onnxruntime - TypeScript| over ${orl.length} crops: ${maxDiff.toExponential(2)}`,
);

const { figures, teacher32 } = studentFigures(
  orl.map((it) => ({ label: it.label, teacher: it.teacher150 })),
  onnxEmb,
  teacherEvalPath,
);
for (const fg of figures) log(formatFigure(fg));

const report: FitReport = {
  format: "zkpop-student-fit-report/1",
  spec,
  costs: filterBankCosts(spec),
  onnx: {
    file: path.basename(onnxFile),
    bytes: onnxBytes.length,
    sha256: createHash("sha256").update(onnxBytes).digest("hex"),
    maxAbsDiffVsTypeScript: maxDiff,
    checkedCrops: orl.length,
  },
  fit: {
    rows: (orlTrain.length + (recipe.lfw ? lfw.length : 0)) * (recipe.mirror ? 2 : 1),
    mirror: recipe.mirror,
    targetDim: spec.outDim,
    seconds: (performance.now() - t0) / 1000,
    lambda: recipe.lambda,
    whitenShrink: recipe.whitenShrink,
  },
  data: {
    train: `ORL ${orlTrain.length} images of subjects ${f.get("train") ?? "1-30"}${recipe.lfw ? ` + ${lfw.length} LFW faces` : ""}${recipe.mirror ? ", each also mirrored with the same target" : ""}; identity labels only for WCCN (ORL subjects, a mirror image counts as its person)`,
    selection:
      "none: the recipe's λ and WCCN shrink are fixed; every figure below is on training subjects (optimistic); held-out figures: the cross-validated performance card",
    orl: ORL_CREDIT,
    ...(recipe.lfw ? { lfw: LFW_CREDIT } : {}),
    teacher32: teacher32 ? `from ${path.basename(teacherEvalPath)} (${TEACHER32_SOURCE})` : "not available",
  },
  figures,
};
writeFileSync(`${outPrefix}.report.json`, `${JSON.stringify(report, null, 1)}\n`);
writeFileSync(`${outPrefix}.report.md`, fitReportMarkdown(report));
log(`wrote ${onnxFile}, ${outPrefix}.report.json, ${outPrefix}.report.md`);
