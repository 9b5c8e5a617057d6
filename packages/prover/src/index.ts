export { circomlibCircuits } from "./circomlib.js";
export { type CompiledCircuit, type CompileOptions, compileCircuit } from "./compile.js";
export { writeDevPtau } from "./dev-ptau.js";
export {
  announceFallback,
  describeEngine,
  type EngineInfo,
  type EngineName,
  engineInfo,
  nativeAddon,
} from "./engine.js";
export * from "./errors.js";
export { BASE_FIELD, isCanonicalField, SNARK_FIELD } from "./field.js";
export { sha256File, sha256Hex } from "./hash.js";
export { artifactsHome } from "./home.js";
export {
  type ArtifactManifest,
  DEVELOPMENT_NOTE,
  type LoadedArtifacts,
  loadArtifacts,
  readManifest,
  type SetupKind,
} from "./manifest.js";
export type { G1Dec, G2Dec, NativeAddon, NativeArith } from "./native-types.js";
export type { Progress, ProgressFn } from "./progress.js";
export { type ProofResult, type ProveOptions, Prover } from "./prover.js";
export {
  type Constraint,
  circuitPower,
  type R1csInfo,
  readR1cs,
  readR1csInfo,
  unsatisfiedConstraints,
} from "./r1cs.js";
export {
  contribute,
  type DevSetupResult,
  ensureDevPtau,
  finalizeCeremony,
  setupDevelopment,
  startCeremony,
  verifyCeremony,
} from "./setup.js";
export { releaseSnarkjsCurves, snarkjsVerify } from "./snarkjs-verify.js";
export { readSymbols } from "./symbols.js";
export { type BatchResult, Groth16Verifier, type VerifierEngine } from "./verifier.js";
export type { G1Json, G2Json, Groth16Proof, ProofItem, VerificationKey } from "./vkey.js";
export { type CircuitInput, WitnessGenerator } from "./witness.js";
