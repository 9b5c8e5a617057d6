/** @zkpop/enroll-circuit: the enrollment circuit (model + image hash + attestation + LSH tags) and its JavaScript mirror. */
export { orlSubject, trainingCalibration } from "./calibration.js";
export {
  buildEnrollCircuit,
  type EnrollCircuit,
  type EnrollCircuitOptions,
  enrollInput,
  enrollSource,
  enrollTagDomain,
  outputBound,
} from "./circuit.js";
export {
  DEFAULT_DEDUP_THRESHOLD,
  DEFAULT_LSH,
  DEFAULT_QUANT,
  defaultEnrollCircuitOptions,
} from "./defaults.js";
export {
  bucketOf,
  type LshParams,
  leastConfidentBit,
  lshBits,
  lshCircom,
  lshHyperplanes,
  lshProbeCircom,
  lshProbeTags,
  lshProjections,
  lshTags,
  probeConfidence,
  projectionBits,
  tagDomain,
} from "./lsh.js";
export { orlCropsPath, studentOnnxPath } from "./student.js";
