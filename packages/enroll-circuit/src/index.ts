/** @zkpop/enroll-circuit: the enrollment circuit (model + image hash + attestation + LSH tags) and its JavaScript mirror. */
export { orlSubject, trainingCalibration } from "./calibration.js";
export {
  buildEnrollCircuit,
  checkEnrollCircuitOptions,
  type EnrollCircuit,
  type EnrollCircuitOptions,
  enrollCircuitInputsSchema,
  enrollInput,
  enrollSource,
  enrollTagDomain,
  outputBound,
} from "./circuit.js";
export {
  DEFAULT_DEDUP_THRESHOLD,
  DEFAULT_LSH,
  DEFAULT_QUANT,
  dedupThresholdSchema,
  defaultEnrollCircuitOptions,
} from "./defaults.js";
export {
  bucketOf,
  checkLshParams,
  type LshParams,
  leastConfidentBit,
  linearTag,
  lshBits,
  lshCircom,
  lshHyperplanes,
  lshParamsSchema,
  lshProbeCircom,
  lshProbeTags,
  lshProjections,
  lshTags,
  MAX_LSH_TABLES,
  probeConfidence,
  projectionBits,
  tagDomain,
} from "./lsh.js";
export { orlCropsPath, studentOnnxPath } from "./student.js";
