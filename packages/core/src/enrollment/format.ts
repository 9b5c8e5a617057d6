import { MAX_LSH_TABLES } from "@zkpop/enroll-circuit";
import { z } from "zod";
import { fieldElement, proofPoints } from "../proof-format.js";

/** The circuit range-checks capturedAt (unix seconds) to 40 bits. */
export const MAX_CAPTURED_AT = 2 ** 40 - 1;

/**
 * An enrollment proof as it travels to the registry: the public signals by name and the
 * Groth16 proof packed like Semaphore's. `circuit` is the enrollment manifest id, so a proof
 * made with another model, quantisation, LSH setting or key is refused before any pairing.
 */
export const enrollmentProofSchema = z.strictObject({
  circuit: z.string().regex(/^[0-9a-f]{64}$/, "must be an enrollment manifest id (64 hex digits)"),
  identityCommitment: fieldElement,
  capturedAt: z.number().int().min(0).max(MAX_CAPTURED_AT),
  attester: z.strictObject({ x: fieldElement, y: fieldElement }),
  tags: z.array(fieldElement).min(1).max(MAX_LSH_TABLES),
  points: proofPoints,
});

/** An enrollment proof as it travels (see enrollmentProofSchema). */
export type EnrollmentProof = z.infer<typeof enrollmentProofSchema>;

/** Everything that identifies an enrollment circuit; its id is the SHA-256 of this JSON. */
export interface EnrollmentManifest {
  format: "zkpop-enrollment/1";
  /** The face model: SHA-256 of the ONNX file, its input crop and embedding size. */
  model: { sha256: string; crop: { width: number; height: number }; embeddingDim: number };
  /** SHA-256 of the quantised integer program (scales, rounding, interval bounds). */
  quantisation: { sha256: string };
  /** L tables of k sign bits; the hyperplanes are derived from the seed (their hash is here too). */
  lsh: {
    seed: string;
    tables: number;
    bits: number;
    hyperplanesSha256: string;
    /**
     * Present only for the least-confident multi-probe circuit (issue 12, an option): per table the
     * tag with the least-confident bit flipped is public too (`probes[i]`), and table i of a newcomer
     * matches a member when its tag i or probe i equals the member's stored tag i.
     */
    probe?: { scheme: "least-confident"; flipped: 1 };
  };
  /**
   * TAG_DOMAIN, decimal: tags[i] = TAG_DOMAIN + i·2^k + bucket_i (with `lsh.probe`, the option's
   * Poseidon(TAG_DOMAIN, i, bucket_i)).
   */
  tagDomain: string;
  circuit: { name: string; sourceHash: string; r1csSha256: string; constraints: number; nPublic: number };
  setup: { kind: "development" | "production"; note: string };
  /** SHA-256 of the verification key file. */
  vkeySha256: string;
  /** Public signals in circuit order. */
  publicSignals: string[];
}

/** What a registry publishes about its enrollment circuit (`GET /v1/info`). */
export interface EnrollmentCircuitInfo {
  id: string;
  manifest: EnrollmentManifest;
}
