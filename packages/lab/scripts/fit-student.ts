/**
 * Fits the default student (src/student/filter-bank.ts) by distillation from the teacher,
 * exports it to ONNX, checks the ONNX file with onnxruntime-node against the TypeScript forward
 * pass, and writes data/student-32.{onnx,report.json,report.md}. Deterministic: no random
 * number is drawn (PCA filters and a closed-form ridge solve).
 *
 *   npx tsx packages/lab/scripts/fit-student.ts [--lambdas 0.25,0.5,1,2,4] [--mirror 1|0]
 *       [--lfw 1|0] [--out data/student-32] [--teacher-eval data/teacher-eval.json]
 *
 * Fits on ORL s1-s20 + the LFW faces of data/lfw-faces-32 (+ their mirror images), picks λ on
 * s21-s30, reports s21-s30 and s1-s20. Crops and teacher descriptors come from the crop caches,
 * so the ORL directory is not needed. Data: ORL face database, Olivetti Research Laboratory
 * (Samaria & Harter 1994); LFW subset from scikit-image (see src/student/lfw.ts).
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { readCropCache } from "@zkpop/image";
import { evaluateEmbeddings } from "../src/evaluate.js";
import { ORL_CREDIT } from "../src/orl.js";
import { subjectNumber } from "../src/student/dataset.js";
import {
  exportFilterBankOnnx,
  FILTER_BANK_STUDENT,
  filterBankCosts,
  filterBankEmbed,
  filterBankFeatures,
  type LinearHead,
  learnPatchFilters,
  mirrorCrop,
} from "../src/student/filter-bank.js";
import { type FitReport, fitReportMarkdown } from "../src/student/fit-report.js";
import { LFW_CREDIT } from "../src/student/lfw.js";
import { loadOnnxStudent } from "../src/student/onnx-run.js";
import { fitProjection, projectTarget } from "../src/student/pca.js";
import { fitRidge } from "../src/student/ridge.js";
import { DATA_DIR, flags, RUNTIME_DATA_DIR } from "./common.js";
import { formatFigure, studentFigures, TEACHER32_SOURCE } from "./figures.js";

const f = flags(process.argv.slice(2));
const lambdas = (f.get("lambdas") ?? "0.25,0.5,1,2,4").split(",").map(Number);
const useMirror = (f.get("mirror") ?? "1") !== "0";
const useLfw = (f.get("lfw") ?? "1") !== "0";
const outPrefix = path.resolve(f.get("out") ?? path.join(RUNTIME_DATA_DIR, "student-32"));
const teacherEvalPath = f.get("teacher-eval") ?? path.join(DATA_DIR, "teacher-eval.json");
const spec = FILTER_BANK_STUDENT;
const t0 = performance.now();
const log = (m: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(1)} s] ${m}`);

const faces = (file: string) => {
  const c = readCropCache(path.join(file.startsWith("orl-") ? RUNTIME_DATA_DIR : DATA_DIR, file));
  return c.index.entries.map((e, i) => ({
    label: e.label,
    crop: c.crops[i]!.data,
    teacher: c.descriptors[i]!,
  }));
};
const orl = faces("orl-crops-32.json").filter((it) => subjectNumber(it.label) <= 30);
const orlTrain = orl.filter((it) => subjectNumber(it.label) <= 20);
const orlVal = orl.filter((it) => subjectNumber(it.label) > 20);
const lfw = useLfw ? faces("lfw-faces-32.json") : [];
const train = [...orlTrain, ...lfw];
// Target space fitted on training descriptors only (never on s21-s30).
const proj = fitProjection(
  train.map((it) => it.teacher),
  spec.outDim,
);
log(
  `fit on ${orlTrain.length} ORL (s1-s20) + ${lfw.length} LFW${useMirror ? ", each also mirrored" : ""}; select on ${orlVal.length} (s21-s30); target PCA-${spec.outDim} keeps ${(100 * proj.explained).toFixed(2)} %`,
);

const filters = learnPatchFilters(
  train.map((it) => it.crop),
  spec,
);
const rows = train.flatMap((it) => (useMirror ? [it.crop, mirrorCrop(it.crop, spec.input)] : [it.crop]));
const features = rows.map((c) => filterBankFeatures(c, filters, spec));
const targets = train.flatMap((it) => {
  const t = projectTarget(proj, it.teacher);
  return useMirror ? [t, t] : [t];
});
log(
  `${spec.filters} patch filters ${spec.kernel}×${spec.kernel}; ${features.length} rows × ${features[0]!.length} features`,
);

const valEer = (head: LinearHead) =>
  evaluateEmbeddings(
    orlVal.map((it) => filterBankEmbed(it.crop, filters, head, spec)),
    orlVal.map((it) => it.label),
    { metric: "cosine" },
  ).eer;
const grid = fitRidge(features, targets, lambdas).map(({ lambda, head, trainMse }) => {
  const eer = valEer(head);
  log(`λ ${lambda}: train MSE ${trainMse.toExponential(3)}, s21-s30 EER ${(100 * eer).toFixed(2)} %`);
  return { lambda, eer, trainMse, head };
});
// Lowest validation EER; ties go to the stronger regularisation.
const best = grid.reduce((a, b) => (b.eer < a.eer || (b.eer === a.eer && b.lambda > a.lambda) ? b : a));
log(`selected λ ${best.lambda}`);

const onnxBytes = exportFilterBankOnnx(spec, filters, best.head, {
  arch: spec.name,
  lambda: String(best.lambda),
  input: "pixel bytes 0..255 as float, [1,1,32,32], crop from alignFace(size 32, padding 0.25)",
  output: "64-d embedding, compare by cosine",
});
const onnxFile = `${outPrefix}.onnx`;
writeFileSync(onnxFile, onnxBytes);
const ort = await loadOnnxStudent(onnxBytes);
const onnxEmb: Float32Array[] = [];
let maxDiff = 0;
for (const it of orl) {
  const e = await ort.embed(it.crop);
  const ref = filterBankEmbed(it.crop, filters, best.head, spec);
  for (let k = 0; k < e.length; k++) maxDiff = Math.max(maxDiff, Math.abs(e[k]! - ref[k]!));
  onnxEmb.push(e);
}
await ort.release();
log(
  `onnx ${onnxBytes.length} bytes; max |onnxruntime - TypeScript| over ${orl.length} crops: ${maxDiff.toExponential(2)}`,
);

const { figures, teacher32 } = studentFigures(orl, onnxEmb, teacherEvalPath);
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
    rows: features.length,
    mirror: useMirror,
    targetDim: spec.outDim,
    targetExplained: proj.explained,
    seconds: (performance.now() - t0) / 1000,
    lambda: best.lambda,
    grid: grid.map(({ lambda, eer, trainMse }) => ({ lambda, valEer: eer, trainMse })),
  },
  data: {
    train: `ORL s1-s20 (${orlTrain.length} images)${useLfw ? ` + ${lfw.length} LFW faces` : ""}${useMirror ? ", each also mirrored with the same target" : ""}; identity labels are not used`,
    selection: "ORL s21-s30: λ by EER, so the s21-s30 figures are those of the selected λ",
    orl: ORL_CREDIT,
    ...(useLfw ? { lfw: LFW_CREDIT } : {}),
    teacher32: teacher32 ? `from ${path.basename(teacherEvalPath)} (${TEACHER32_SOURCE})` : "not available",
  },
  figures,
};
writeFileSync(`${outPrefix}.report.json`, `${JSON.stringify(report, null, 1)}\n`);
writeFileSync(`${outPrefix}.report.md`, fitReportMarkdown(report));
log(`wrote ${onnxFile}, ${outPrefix}.report.json, ${outPrefix}.report.md`);
