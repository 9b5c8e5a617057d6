export {
  chainHash,
  chunkSizes,
  inputCommitment,
  outputCommitment,
  packInts,
  packWeights,
  weightCommitment,
} from "./commit.js";
export {
  type CostReport,
  chainConstraints,
  costReport,
  type LayerCost,
  layerConstraints,
  predictProveSeconds,
  visibilityConstraints,
  weightConstraints,
} from "./cost.js";
export { type DriftReport, driftReport } from "./drift.js";
export { type EmitOptions, emitCircom } from "./emit.js";
export * from "./errors.js";
export { actValue, type ExecResult, execute, inputRange, quantizeInput } from "./exec.js";
export { runFloat, SUPPORTED_OPS } from "./float/run.js";
export {
  BUNDLE_FORMAT,
  checkModelInput,
  type InferenceBundle,
  type InferenceOpening,
  parseModelInput,
  proveInference,
  setupModel,
  type VerifiedInference,
  verifyInference,
} from "./inference.js";
export {
  type Calibration,
  type CircuitInputs,
  type CompileModelOptions,
  compileModel,
  compileModelCircuit,
  formatInspect,
  type InspectReport,
  inspectModel,
  loadCalibration,
  loadModel,
  loadProgram,
  type ModelManifest,
  publicLayout,
  type QuantizedModel,
  quantizeModel,
  witnessInput,
} from "./model.js";
export { foldConstants } from "./onnx/fold.js";
export { type Graph, type OnnxNode, parseModel, readModel } from "./onnx/read.js";
export { type Attr, ModelBuilder } from "./onnx/write.js";
export { calibrate, poolBeforeRelu, type Range } from "./quant/calibrate.js";
export { lowerGraph } from "./quant/lower.js";
export {
  QUANT_DEFAULTS,
  type QuantOptions,
  quantOptionsSchema,
  resolveQuantOptions,
} from "./quant/options.js";
export type {
  ActLayer,
  IntRow,
  Layer,
  MaxLayer,
  PrivateWeights,
  Program,
  ProgramOutput,
  Visibility,
} from "./quant/program.js";
export { visibilityOf } from "./quant/program.js";
export { pwlEval, pwlFunction, SIGMOID_KNOTS, TANH_KNOTS } from "./quant/pwl.js";
export { programFromJson, programToJson } from "./serialize.js";
export { type Tensor, tensor } from "./tensor.js";
export { argmax, type Digits, loadDigits, ZOO_MODELS, type ZooModel, zooDir, zooModelPath } from "./zoo.js";
