import {
  BASE_FIELD,
  isCanonicalField,
  MalformedProofError,
  NonCanonicalFieldError,
  SNARK_FIELD,
} from "@zkpop/prover";
import { z } from "zod";
import { membershipDepthSchema } from "./membership-depth.js";

// The canonical-field check is the prover's isCanonicalField, the only one: a decimal string,
// no sign or leading zeros, below the order. One refinement, so zod never calls BigInt() on a
// string that is not a decimal (it runs refinements even after a failed regex).
const decimal = (max: bigint, what: string) =>
  z.string().refine((s) => isCanonicalField(s, max), {
    message: `${what} must be a canonical decimal integer below the field order`,
    params: { code: "NON_CANONICAL_FIELD" },
  });

/** True for a zod issue raised by a field-element check of these schemas (tagged, never matched on its text). */
export function isNonCanonicalIssue(issue: z.core.$ZodIssue): boolean {
  return issue.code === "custom" && issue.params?.code === "NON_CANONICAL_FIELD";
}

/**
 * Parses a proof's wire shape with `schema`: NON_CANONICAL_FIELD when a field element is not a
 * canonical decimal below its order, MALFORMED_PROOF for any other shape error.
 */
export function parseProofShape<T>(schema: z.ZodType<T>, proof: unknown): T {
  const r = schema.safeParse(proof);
  if (r.success) return r.data;
  const issue = r.error.issues.find(isNonCanonicalIssue) ?? r.error.issues[0]!;
  const where = issue.path.join(".") || "proof";
  if (isNonCanonicalIssue(issue)) throw new NonCanonicalFieldError(where);
  throw new MalformedProofError(`${where}: ${issue.message}`);
}

/** A field element of BN254's scalar field, as a canonical decimal string. */
export const fieldElement = decimal(SNARK_FIELD, "a field element");

/** A Groth16 proof packed as Semaphore packs it: 8 base-field coordinates as decimal strings. */
export const proofPoints = z.array(decimal(BASE_FIELD, "a proof coordinate")).length(8);

/**
 * A Semaphore v4 membership proof as it travels (same shape as `SemaphoreProof`):
 * public values as decimal strings, the Groth16 proof packed in 8 base-field coordinates.
 */
export const membershipProofSchema = z.strictObject({
  merkleTreeDepth: membershipDepthSchema,
  merkleTreeRoot: fieldElement,
  nullifier: fieldElement,
  message: fieldElement,
  scope: fieldElement,
  points: proofPoints,
});

/** A membership proof as it travels (see membershipProofSchema). */
export type MembershipProof = z.infer<typeof membershipProofSchema>;

/** What a registry publishes about its membership circuit (`GET /v1/info`), for holders to check. */
export interface MembershipCircuitInfo {
  circuit: string;
  depth: number;
  protocol: "groth16";
  curve: "bn128";
  setup: "development" | "production";
  setupNote: string;
  constraints: number;
  nPublic: number;
  sourceHash: string;
  /** SHA-256 of each artifact file, the verification key's included. */
  sha256: { r1cs: string; wasm: string; zkey: string; vkey: string };
}
