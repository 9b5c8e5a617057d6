/** @zkpop/attestation: attester keys and signed face crops, exactly as the enrollment circuit checks them. */
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
export { imageHash } from "./image-hash.js";
