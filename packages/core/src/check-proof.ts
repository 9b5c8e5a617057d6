import { unpackGroth16Proof } from "@semaphore-protocol/proof";
import { type Groth16Verifier, InvalidProofError, MalformedProofError } from "@zkpop/prover";

/**
 * The pairing check membership and enrollment share, so one outcome has one code: resolves when
 * the packed proof verifies, throws INVALID_PROOF when it does not, including when a point is off
 * the curve or outside the subgroup (the wire shape and field ranges were checked before, so
 * that is the only way the verifier can still find it malformed); NON_CANONICAL_FIELD passes through.
 */
export function checkGroth16(
  verifier: Groth16Verifier,
  points: readonly string[],
  publicSignals: string[],
): void {
  let ok: boolean;
  try {
    ok = verifier.verify({ proof: unpackGroth16Proof(points as never) as never, publicSignals });
  } catch (err) {
    if (err instanceof MalformedProofError) throw new InvalidProofError(err.message);
    throw err;
  }
  if (!ok) throw new InvalidProofError();
}
