/**
 * Distils the circuit-sized student from the teacher, exports it to ONNX, checks the ONNX file
 * with onnxruntime-node against tfjs, and writes the training report.
 *
 *   npx tsx packages/biometric/scripts/train-student.ts [--steps 1300] [--batch 64] [--seed 20261125]
 *       [--lfw 1|0] [--minutes CAP] [--eval-every 100] [--backend wasm|cpu] [--out data/student-cnn-32]
 *       [--teacher-eval data/teacher-eval.json] [--bank .cache/bank-32.json] [--data DIR]
 *
 * Trains on ORL s1-s20 (+ the LFW faces of data/lfw-faces-32 with --lfw 1), selects the step on
 * s21-s30, reports s21-s30 and s1-s20. Data: ORL face database, Olivetti Research Laboratory
 * (Samaria & Harter 1994); LFW subset from scikit-image (see src/student/lfw.ts).
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { ORL_CREDIT } from "../src/orl.js";
import { archCosts, STUDENT_ARCH } from "../src/student/arch.js";
import {
  type FaceItem,
  loadBankItems,
  loadLfwItems,
  loadOrlItems,
  subjectNumber,
} from "../src/student/dataset.js";
import { LFW_CREDIT } from "../src/student/lfw.js";
import { studentWeights } from "../src/student/model.js";
import { exportStudentOnnx } from "../src/student/onnx-export.js";
import { loadOnnxStudent } from "../src/student/onnx-run.js";
import { fitProjection, projectTarget } from "../src/student/pca.js";
import { reportMarkdown, type StudentReport } from "../src/student/report.js";
import { loadTf, type TfBackend } from "../src/student/tf.js";
import { DEFAULT_TRAIN, embed, type TrainConfig, trainStudent } from "../src/student/train.js";
import { DATA_DIR, DEFAULT_ORL_DIR, flags } from "./common.js";
import { formatFigure, studentFigures, TEACHER32_SOURCE } from "./figures.js";

const f = flags(process.argv.slice(2));
const num = (k: string, d: number) => (f.has(k) ? Number(f.get(k)) : d);
const backend = (f.get("backend") ?? "wasm") as TfBackend;
const useLfw = (f.get("lfw") ?? "1") !== "0";
const outPrefix = path.resolve(f.get("out") ?? path.join(DATA_DIR, "student-cnn-32"));
const orlDir = f.get("data") ?? DEFAULT_ORL_DIR;
const cfg: TrainConfig = {
  ...DEFAULT_TRAIN,
  seed: num("seed", DEFAULT_TRAIN.seed),
  steps: num("steps", DEFAULT_TRAIN.steps),
  batch: num("batch", DEFAULT_TRAIN.batch),
  lr: num("lr", DEFAULT_TRAIN.lr),
  mixupProb: num("mixup", DEFAULT_TRAIN.mixupProb),
  loss: { cosine: 1, relational: num("rel", DEFAULT_TRAIN.loss.relational) },
  evalEvery: num("eval-every", DEFAULT_TRAIN.evalEvery),
  maxSeconds: f.has("minutes") ? Number(f.get("minutes")) * 60 : DEFAULT_TRAIN.maxSeconds,
};
const log = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);

const tf = await loadTf(backend);
const orlCache = path.join(DATA_DIR, "orl-crops-32.json");
const orl = loadOrlItems(orlCache, orlDir, (s) => s >= 1 && s <= 30);
const orlTrain = orl.filter((it) => subjectNumber(it.label) <= 20);
const orlVal = orl.filter((it) => subjectNumber(it.label) > 20);
const lfw = useLfw ? loadLfwItems(path.join(DATA_DIR, "lfw-faces-32.json")) : [];
const bankPath = f.get("bank") ?? "";
const bank = bankPath ? loadBankItems(path.resolve(bankPath)) : [];
const trainItems = [...orlTrain, ...lfw, ...bank];
const dim = archCosts(STUDENT_ARCH).outDim;
// Target space fitted on training descriptors only (never on s21-s30).
const proj = fitProjection(
  trainItems.map((it) => it.teacher),
  dim,
);
const targets = (items: FaceItem[]) => items.map((it) => projectTarget(proj, it.teacher));
log(
  `${backend}; train ${orlTrain.length} ORL (s1-s20) + ${lfw.length} LFW + ${bank.length} bank; val ${orlVal.length} (s21-s30); target PCA-${dim} keeps ${(100 * proj.explained).toFixed(2)} %`,
);

const result = trainStudent(
  tf,
  STUDENT_ARCH,
  cfg,
  { items: trainItems, targets: targets(trainItems) },
  { items: orlVal, targets: targets(orlVal) },
  log,
);
log(
  `trained ${result.stepsRun} steps in ${(result.seconds / 60).toFixed(1)} min (${result.msPerStep.toFixed(0)} ms/step); best step ${result.best.step}`,
);

// Export, then check the ONNX file itself against tfjs on every ORL crop.
const onnxBytes = exportStudentOnnx(STUDENT_ARCH, studentWeights(result.model), {
  metadata: {
    arch: STUDENT_ARCH.name,
    seed: String(cfg.seed),
    input: "pixel bytes 0..255 as float, [1,1,32,32], crop from alignFace(size 32, padding 0.25)",
    output: "64-d embedding, compare by cosine",
  },
});
const onnxFile = `${outPrefix}.onnx`;
writeFileSync(onnxFile, onnxBytes);
const ort = await loadOnnxStudent(onnxBytes);
const tfEmb = embed(
  tf,
  result.model,
  orl.map((it) => it.crop),
);
const onnxEmb: Float32Array[] = [];
let maxDiff = 0;
for (const [i, it] of orl.entries()) {
  const e = await ort.embed(it.crop);
  for (let k = 0; k < e.length; k++) maxDiff = Math.max(maxDiff, Math.abs(e[k]! - tfEmb[i]![k]!));
  onnxEmb.push(e);
}
await ort.release();
log(
  `onnx ${onnxBytes.length} bytes; max |onnxruntime - tfjs| over ${orl.length} crops: ${maxDiff.toExponential(2)}`,
);

const teacherEvalPath = f.get("teacher-eval") ?? path.join(DATA_DIR, "teacher-eval.json");
const { figures, teacher32 } = studentFigures(orl, onnxEmb, teacherEvalPath);
for (const fg of figures) log(formatFigure(fg));

const report: StudentReport = {
  format: "zkpop-student-report/1",
  arch: STUDENT_ARCH,
  costs: archCosts(STUDENT_ARCH),
  onnx: {
    file: path.basename(onnxFile),
    bytes: onnxBytes.length,
    sha256: createHash("sha256").update(onnxBytes).digest("hex"),
    input: "pixels float32 [1,1,32,32], grey bytes 0..255 (1/255 folded into the first Conv)",
    output: `embedding float32 [1,${dim}], no activation; compare by cosine`,
    maxAbsDiffVsTfjs: maxDiff,
    checkedCrops: orl.length,
  },
  data: {
    train: `ORL s1-s20 (${orlTrain.length} images, labels unused by the loss except to keep mixup pairs different)${useLfw ? ` + ${lfw.length} unlabelled LFW faces` : ""}${bank.length ? ` + ${bank.length} teacher-labelled synthetic samples (${path.basename(bankPath)}: scripts/prepare-bank.ts, from the same training faces)` : ""}`,
    selection:
      "ORL s21-s30 (validation EER, ties to the higher mean cosine to the target); the s21-s30 figures are therefore those of the selected snapshot",
    orl: ORL_CREDIT,
    ...(useLfw ? { lfw: LFW_CREDIT } : {}),
    teacher32: teacher32 ? `from ${path.basename(teacherEvalPath)} (${TEACHER32_SOURCE})` : "not available",
  },
  config: { ...cfg, backend, lfw: useLfw, targetDim: dim, targetExplained: proj.explained },
  training: {
    stepsRun: result.stepsRun,
    seconds: result.seconds,
    msPerStep: result.msPerStep,
    epochs: (result.stepsRun * cfg.batch) / trainItems.length,
    best: result.best,
    history: result.history,
  },
  figures,
  notes: [],
};
writeFileSync(`${outPrefix}.report.json`, `${JSON.stringify(report, null, 1)}\n`);
writeFileSync(`${outPrefix}.report.md`, reportMarkdown(report));
log(`wrote ${onnxFile}, ${outPrefix}.report.json, ${outPrefix}.report.md`);
