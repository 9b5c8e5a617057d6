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
  attestationMessage,
  attestCapture,
  attesterPublicKey,
  generateAttesterKey,
  verifyAttestation,
} from "./attester.js";
export {
  buildEnrollCircuit,
  ENROLL_CIRCUITS_DIR,
  type EnrollCircuit,
  type EnrollCircuitOptions,
} from "./circuit.js";
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
