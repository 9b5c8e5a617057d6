export { Group } from "@semaphore-protocol/group";
export { Identity } from "@semaphore-protocol/identity";
export {
  ArtifactIntegrityError,
  ArtifactMissingError,
  InvalidProofError,
  MalformedProofError,
  NonCanonicalFieldError,
  ProofCancelledError,
  SNARK_FIELD,
  ZkpopError,
} from "@zkpop/prover";
export { buildMembershipArtifacts } from "./circuits.js";
export * from "./enrollment/index.js";
export {
  DepthMismatchError,
  defaultMembership,
  Membership,
  type MembershipOptions,
  membershipPublicSignals,
  NotAMemberError,
  parseMembershipProof,
  proveMembership,
  ScopeMismatchError,
  verifyMembership,
} from "./membership.js";
export { checkDepth, DEFAULT_DEPTH, DEPTH_BOUNDS, membershipDepthSchema } from "./membership-depth.js";
export {
  fieldElement,
  isNonCanonicalIssue,
  type MembershipCircuitInfo,
  type MembershipProof,
  membershipProofSchema,
  parseProofShape,
  proofPoints,
} from "./proof-format.js";
export { fetchRegistryArtifacts, type RegistryOptions, registryInfo } from "./registry-artifacts.js";
export type { RegistryArtifact, RegistryArtifacts, RegistryCircuitArtifacts } from "./registry-format.js";
export { parseScope, ScopeError, scopeOf, scopeToField, semaphoreHash } from "./scope.js";
