export { Group } from "@semaphore-protocol/group";
export { Identity } from "@semaphore-protocol/identity";
export { DEFAULT_CACHE_NAME, fetchArtifact, sha256Hex } from "./artifacts.js";
export {
  type EnrollmentProof,
  enrollmentInput,
  proveEnrollment,
  type SignedCaptureJson,
} from "./enrollment.js";
export { WebError, type WebErrorCode } from "./errors.js";
export { type MembershipProof, membershipInput, proveMembership } from "./membership.js";
export type { ArtifactRef, ArtifactReport, CircuitArtifacts, Groth16Proof, Progress } from "./protocol.js";
export { type ProveOptions, WebProver, type WebProverOptions, type WorkerProof } from "./prover.js";
export { RegistryError, type RegistryInfo, RegistryReader } from "./registry.js";
export { scopeToField, semaphoreHash } from "./scope.js";
