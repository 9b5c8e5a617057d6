import { packGroth16Proof } from "@zk-kit/utils/proof-packing";
import { attestationInput, parseSignedCapture, type SignedCaptureJson } from "@zkpop/attestation";
import type { EnrollmentProof } from "@zkpop/core/browser";
import type { ProveOptions, WebProver, WorkerProof } from "./prover.js";

/**
 * The enrollment circuit's inputs from a signed capture (`zkpop attester sign`), checked first
 * like @zkpop/attestation checks it: shape, pixel count, pixels against the signed hash, the
 * attester's signature (SIGNED_CAPTURE_MALFORMED / SIGNED_CAPTURE_TAMPERED / ATTESTATION_INVALID).
 */
export function enrollmentInput(capture: unknown): Record<string, unknown> {
  const { crop, attestation } = parseSignedCapture(capture);
  return { pixels: Array.from(crop.data), ...attestationInput(attestation) };
}

/**
 * Proves enrollment in the worker from a signed capture: the pixels stay in this page and its
 * worker; only the tags and the proof leave. `circuitId` is the enrollment manifest id the
 * registry announces; `tables` its L (the number of tags).
 */
export async function proveEnrollment(
  prover: WebProver,
  args: { capture: SignedCaptureJson; circuitId: string; tables: number; circuit?: string },
  opts: ProveOptions = {},
): Promise<{ proof: EnrollmentProof; timing: Pick<WorkerProof, "witnessMs" | "proveMs"> }> {
  const c = args.capture;
  const r = await prover.prove(args.circuit ?? "enrollment", enrollmentInput(c), opts);
  return {
    proof: {
      circuit: args.circuitId,
      identityCommitment: c.identityCommitment,
      capturedAt: c.capturedAt,
      attester: { x: c.attester.x, y: c.attester.y },
      tags: r.publicSignals.slice(0, args.tables),
      points: packGroth16Proof(r.proof as never).map(String),
    },
    timing: { witnessMs: r.witnessMs, proveMs: r.proveMs },
  };
}
