import type { EnrollmentCircuitInfo, MembershipCircuitInfo, MembershipProof } from "@zkpop/core";

// Proof checks are injected: serve() wires the real ones (verify/membership.ts,
// verify/enrollment.ts); tests of the registry rules alone may inject their own. There is
// no default: a server without verifiers does not start.

export type { MembershipProof };

/** What /v1/info says about the membership circuit (the wire type lives in @zkpop/core). */
export type MembershipVerifierInfo = MembershipCircuitInfo;

/** Checks membership proofs (the pairing part) for the registry; serve() wires the real one. */
export interface MembershipVerifier {
  /** The circuit's depth: every proof must say this `merkleTreeDepth`. */
  readonly depth: number;
  info(): MembershipVerifierInfo | null;
  /** Folder of the circuit's artifacts, served to devices (GET /v1/artifacts/<sha256>). */
  readonly artifactsDir?: string;
  /**
   * The pairing check alone, for a proof already schema-checked and whose public signals the
   * registry has compared with the request. Resolves false when the proof does not verify.
   */
  verify(proof: MembershipProof): Promise<boolean>;
  /** Observe batch sizes (metrics). */
  onBatch?(fn: (size: number) => void): void;
  close?(): Promise<void>;
}

/** What a verified enrollment proof establishes (its public signals). */
export interface EnrollmentClaims {
  attesterPublicKey: readonly [string, string];
  identityCommitment: string;
  /** Epoch ms at which the attester captured the face. */
  capturedAt: number;
  /** L dedup tags, canonical decimal field elements. */
  tags: readonly string[];
}

/** Checks enrollment proofs for the registry; serve() wires the real one. */
export interface EnrollmentVerifier {
  /** What /v1/info says about the enrollment circuit (manifest and its id). */
  info?(): EnrollmentCircuitInfo | null;
  /** Folder of the circuit's artifacts (enrollment.json included), served to devices. */
  readonly artifactsDir?: string;
  /**
   * Parse the request body with core's wire schema and verify the enrollment proof.
   * Resolves the proven public signals, or null when the proof does not verify.
   * Throws ApiError("INVALID_REQUEST" | "NON_CANONICAL_FIELD" | "CIRCUIT_MISMATCH") for
   * malformed bodies and proofs made for another enrollment circuit.
   */
  verifyEnrollment(body: unknown): Promise<EnrollmentClaims | null>;
  close?(): Promise<void>;
}

/** Both verifiers a server needs: without them it does not start. */
export interface Verifiers {
  membership: MembershipVerifier;
  enrollment: EnrollmentVerifier;
}
