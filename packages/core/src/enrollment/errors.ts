import { ZkpopError } from "@zkpop/prover";

/** The codes an enrollment request can be refused with before any proving. */
export type EnrollmentInputCode =
  | "IDENTITY_MISMATCH"
  | "CAPTURE_SIZE_MISMATCH"
  | "CAPTURE_TAMPERED"
  | "ATTESTATION_INVALID";

/** An enrollment request that cannot give a valid proof; thrown before any proving work. */
export class EnrollmentInputError extends ZkpopError {
  constructor(
    override readonly code: EnrollmentInputCode,
    message: string,
  ) {
    super(code, message);
  }
}

/** The proof names another enrollment circuit (model, quantisation, LSH setting or key). */
export class CircuitMismatchError extends ZkpopError {
  constructor(expected: string, got: string) {
    super(
      "CIRCUIT_MISMATCH",
      `the proof was made for enrollment circuit ${got.slice(0, 12)}…, this verifier checks ${expected.slice(0, 12)}…`,
    );
  }
}

/** The capture was signed by a key the verifier does not trust. */
export class UnknownAttesterError extends ZkpopError {
  constructor() {
    super("UNKNOWN_ATTESTER", "the capture was not signed by a trusted attester");
  }
}
