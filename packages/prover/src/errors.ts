// The base class alone: the package index also loads zod (~14 MB resident), which the
// prover process does not need.
import { ZkpopError } from "@zkpop/errors/error";

export { ZkpopError };

/** A proof, verification key or public signal that is not even well formed. */
export class MalformedProofError extends ZkpopError {
  constructor(message: string) {
    super("MALFORMED_PROOF", message);
  }
}

/** A value that is not a canonical element of the field it claims to live in. */
export class NonCanonicalFieldError extends ZkpopError {
  constructor(what: string) {
    super(
      "NON_CANONICAL_FIELD",
      `${what} is not a canonical field element (a decimal integer below the field order)`,
    );
  }
}

/** A well-formed proof that does not verify. */
export class InvalidProofError extends ZkpopError {
  constructor(message = "the proof does not verify against this verification key and these public signals") {
    super("INVALID_PROOF", message);
  }
}

/** ARTIFACT_HASH_MISMATCH: a circuit or key file differs from the hash its manifest (or a registry) records. */
export class ArtifactIntegrityError extends ZkpopError {
  constructor(message: string) {
    super("ARTIFACT_HASH_MISMATCH", message);
  }
}

/** ARTIFACT_MISSING: a circuit or key file is not there (run `zkpop setup`, or load from a registry). */
export class ArtifactMissingError extends ZkpopError {
  constructor(message: string) {
    super("ARTIFACT_MISSING", message);
  }
}

/** CIRCUIT_COMPILE_FAILED: circom could not compile the circuit (the message carries its output). */
export class CompileError extends ZkpopError {
  constructor(message: string) {
    super("CIRCUIT_COMPILE_FAILED", message);
  }
}

/** SETUP_FAILED: the powers of tau or the phase-2 setup failed. */
export class SetupError extends ZkpopError {
  constructor(message: string) {
    super("SETUP_FAILED", message);
  }
}

/** WITNESS_FAILED: the inputs do not satisfy the circuit, so there is no witness to prove. */
export class WitnessError extends ZkpopError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("WITNESS_FAILED", message, options);
  }
}

/** PROOF_CANCELLED: the caller aborted the proof (its AbortSignal) before it finished. */
export class ProofCancelledError extends ZkpopError {
  constructor() {
    super("PROOF_CANCELLED", "the proof was cancelled");
  }
}
