import { ApiError } from "./errors.js";

// The proof checks are injected so this package does not depend on @zkpop/core yet.
// TODO(@zkpop/core): provide real implementations (Groth16 verify / batch verify with our
// own verification keys) and wire them in startServer.

/** Semaphore v4 proof as it travels on the wire (decimal strings). */
export interface MembershipProof {
  merkleTreeDepth: number;
  merkleTreeRoot: string;
  nullifier: string;
  message: string;
  scope: string;
  points: string[];
}

export interface MembershipVerifier {
  /** True when the proof is valid and its scope signal is the one derived from `scope` ("rpId:action"). */
  verifyMembership(proof: MembershipProof, scope: string): Promise<boolean>;
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

export interface EnrollmentVerifier {
  /**
   * Parse the request body with core's wire schema and verify the enrollment proof.
   * Resolves the proven public signals, or null when the proof does not verify.
   * Throws ApiError("INVALID_REQUEST" | "NON_CANONICAL_FIELD") for malformed bodies.
   */
  verifyEnrollment(body: unknown): Promise<EnrollmentClaims | null>;
}

export interface Verifiers {
  membership: MembershipVerifier;
  enrollment: EnrollmentVerifier;
}

const notWired = (what: string) => () =>
  Promise.reject(new ApiError("NOT_IMPLEMENTED", `${what} verification is not wired yet`));

/** Default until @zkpop/core lands: the proof endpoints answer 501 NOT_IMPLEMENTED. */
export const NOT_WIRED: Verifiers = {
  membership: { verifyMembership: notWired("membership proof") },
  enrollment: { verifyEnrollment: notWired("enrollment proof") },
};
