/** The circuit-sized student face model: architecture, training pieces, ONNX export and runtime. */
import path from "node:path";
import { fileURLToPath } from "node:url";

export { archCosts, type LayerCost, type LayerSpec, STUDENT_ARCH, type StudentArch } from "./arch.js";
export {
  type AugmentOptions,
  augmentFace,
  DEFAULT_AUGMENT,
  jitterPoints,
  mixup,
  NO_AUGMENT,
  photometric,
} from "./augment.js";
export { BANK_CHIP, type BankSample, bankSample, chipAugment } from "./bank.js";
export { type FaceItem, loadBankItems, loadLfwItems, loadOrlItems, subjectNumber } from "./dataset.js";
export { DEFAULT_LFW_NPY, LFW_CREDIT, LFW_FACES, LFW_SIDE, parseNpyGray, upscaleGray } from "./lfw.js";
export { distillLoss, type LossWeights, l2normalize } from "./loss.js";
export {
  initStudent,
  PIXEL_SCALE,
  type StudentModel,
  type StudentParam,
  studentForward,
  studentWeights,
} from "./model.js";
export {
  type ExportOptions,
  type ExportWeights,
  exportStudentOnnx,
  ONNX_INPUT,
  ONNX_OPSET,
  ONNX_OUTPUT,
} from "./onnx-export.js";
export { loadOnnxStudent, type OnnxStudent } from "./onnx-run.js";
export { fitProjection, type Projection, projectTarget, symmetricEigen } from "./pca.js";
export { mulberry32, type Rng } from "./prng.js";
export { type Figure, reportMarkdown, type StudentReport } from "./report.js";
export { loadTf, type TfBackend } from "./tf.js";
export {
  DEFAULT_TRAIN,
  embed,
  type HistoryRow,
  type TrainConfig,
  type TrainResult,
  type TrainSet,
  toInput,
  trainStudent,
  validate,
} from "./train.js";

/** The committed student (data/student-32.onnx; works from src/ and dist/). */
export function studentOnnxPath(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../data/student-32.onnx");
}
export {
  exportFilterBankOnnx,
  FILTER_BANK_STUDENT,
  FILTER_PIXEL_SCALE,
  type FilterBankCosts,
  type FilterBankSpec,
  filterBankCosts,
  filterBankEmbed,
  filterBankFeatures,
  type LinearHead,
  learnPatchFilters,
  mirrorCrop,
} from "./filter-bank.js";
export { type FitReport, fitReportMarkdown } from "./fit-report.js";
export { fitRidge, type RidgeFit } from "./ridge.js";
