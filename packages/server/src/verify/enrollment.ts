import { Enrollment, type ZkpopError } from "@zkpop/core";
import { ApiError } from "../errors.js";
import type { EnrollmentClaims, EnrollmentVerifier } from "../verifiers.js";

// Core's typed errors, as API errors. INVALID_PROOF is not here: it resolves null.
const API_CODE = {
  MALFORMED_PROOF: "INVALID_REQUEST",
  NON_CANONICAL_FIELD: "NON_CANONICAL_FIELD",
  CIRCUIT_MISMATCH: "CIRCUIT_MISMATCH",
} as const;

/**
 * The real enrollment check: core's wire schema, the manifest id (model, quantisation, LSH,
 * key), then the pairing on the main thread (one proof, a few ms; enrollments are rare next to
 * consumes, which is where micro-batching pays).
 */
export async function createEnrollmentVerifier(o: { home?: string }): Promise<EnrollmentVerifier> {
  const enrollment = await Enrollment.load({ home: o.home });
  return {
    info: () => enrollment.info,
    async verifyEnrollment(body: unknown): Promise<EnrollmentClaims | null> {
      try {
        const p = await enrollment.verify(body);
        return {
          attesterPublicKey: [p.attester.x, p.attester.y],
          identityCommitment: p.identityCommitment,
          capturedAt: p.capturedAt * 1000, // the circuit signs unix seconds; the registry keeps ms
          tags: p.tags,
        };
      } catch (err) {
        const code = (err as ZkpopError).code;
        if (code === "INVALID_PROOF") return null;
        if (code in API_CODE)
          throw new ApiError(API_CODE[code as keyof typeof API_CODE], (err as Error).message);
        throw err;
      }
    },
    close: () => enrollment.close(),
  };
}
