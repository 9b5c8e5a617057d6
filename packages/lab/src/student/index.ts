/** The circuit-sized student face model: data, augmentation, the filter-bank fit, ONNX export and runtime. */
export { type AugmentOptions, DEFAULT_AUGMENT, jitterPoints, photometric } from "./augment.js";
export { BANK_CHIP, type BankSample, bankSample, chipAugment } from "./bank.js";
export { type FaceItem, loadBankItems, loadLfwItems, loadOrlItems, subjectNumber } from "./dataset.js";
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
export { DEFAULT_LFW_NPY, LFW_CREDIT, LFW_FACES, LFW_SIDE, parseNpyGray, upscaleGray } from "./lfw.js";
export { loadOnnxStudent, ONNX_INPUT, ONNX_OPSET, ONNX_OUTPUT, type OnnxStudent } from "./onnx-run.js";
export { fitProjection, type Projection, projectTarget, symmetricEigen } from "./pca.js";
export { mulberry32, type Rng } from "./prng.js";
export { type FittedStudent, fitStudent, RECIPE_V2, RECIPE_V3, type StudentRecipe } from "./recipe.js";
export { type Figure, figuresSection } from "./report.js";
export { fitRidge, type RidgeFit } from "./ridge.js";
export { applyWhitening, fitWccn, foldWhitening, type Whitening } from "./whiten.js";
