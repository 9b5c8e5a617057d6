import { packGroth16Proof } from "@zk-kit/utils/proof-packing";
import { WebError } from "./errors.js";
import type { ProveOptions, WebProver, WorkerProof } from "./prover.js";

/** A signed capture as the kiosk writes it (`zkpop attester sign`, format zkpop-signed-capture/1). */
export interface SignedCaptureJson {
  format: "zkpop-signed-capture/1";
  crop: { width: number; height: number; pixels: string };
  imageHash: string;
  identityCommitment: string;
  capturedAt: number;
  attester: { x: string; y: string };
  signature: { R8x: string; R8y: string; S: string };
}

/** An enrollment proof as it travels to the registry (core's `EnrollmentProof` wire shape). */
export interface EnrollmentProof {
  circuit: string;
  identityCommitment: string;
  capturedAt: number;
  attester: { x: string; y: string };
  tags: string[];
  points: string[];
}

function base64Bytes(s: string): Uint8Array {
  return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
}

/** The enrollment circuit's inputs from a signed capture: the crop's pixels and the attestation. */
export function enrollmentInput(capture: SignedCaptureJson): Record<string, unknown> {
  const pixels = base64Bytes(capture.crop.pixels);
  if (pixels.length !== capture.crop.width * capture.crop.height)
    throw new WebError("WITNESS_FAILED", "the capture's crop does not have width × height pixels");
  return {
    pixels: Array.from(pixels),
    identityCommitment: BigInt(capture.identityCommitment),
    capturedAt: capture.capturedAt,
    attesterAx: BigInt(capture.attester.x),
    attesterAy: BigInt(capture.attester.y),
    sigS: BigInt(capture.signature.S),
    sigR8x: BigInt(capture.signature.R8x),
    sigR8y: BigInt(capture.signature.R8y),
  };
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
