export {
  parseSignedCapture,
  type SignedCapture,
  type SignedCaptureJson,
  signedCaptureSchema,
  signedCaptureToJson,
} from "./attestation-file.js";
export {
  type Attestation,
  AttestationError,
  type AttesterPublicKey,
  attestationInput,
  attestationMessage,
  attestCapture,
  attesterPublicKey,
  generateAttesterKey,
  verifyAttestation,
} from "./attester.js";
export { orlSubject, trainingCalibration } from "./calibration.js";
export {
  buildEnrollCircuit,
  ENROLL_CIRCUITS_DIR,
  type EnrollCircuit,
  type EnrollCircuitOptions,
  enrollInput,
  outputBound,
} from "./circuit.js";
export { DEFAULT_LSH, DEFAULT_QUANT, defaultEnrollCircuitOptions } from "./defaults.js";
export { imageHash } from "./image-hash.js";
export {
  bucketOf,
  type LshParams,
  lshBits,
  lshCircom,
  lshHyperplanes,
  lshTags,
  projectionBits,
  tagDomain,
} from "./lsh.js";
