/** The registry's m-of-L matching rule: its default m and bounds (from @zkpop/enroll-circuit, where L is set). */
export { DEFAULT_DEDUP_THRESHOLD, dedupThresholdSchema } from "@zkpop/enroll-circuit";
export {
  buildEnrollmentArtifacts,
  ENROLLMENT_MANIFEST_FILE,
  type EnrollmentArtifactOptions,
  type EnrollmentArtifacts,
} from "./artifacts.js";
export {
  defaultEnrollment,
  Enrollment,
  type EnrollmentResult,
  type EnrollRequest,
  enroll,
  enrollmentPublicSignals,
  parseEnrollmentProof,
  type RegistrySource,
  type VerifyEnrollmentOptions,
  verifyEnrollment,
} from "./enrollment.js";
export {
  CircuitMismatchError,
  type EnrollmentInputCode,
  EnrollmentInputError,
  UnknownAttesterError,
} from "./errors.js";
export {
  type EnrollmentCircuitInfo,
  type EnrollmentManifest,
  type EnrollmentProof,
  enrollmentProofSchema,
  MAX_CAPTURED_AT,
} from "./format.js";
export { enrollmentManifest, enrollmentManifestId } from "./manifest.js";
