import { BASE_FIELD, MalformedProofError, NonCanonicalFieldError, SNARK_FIELD } from "@zkpop/prover";
import { z } from "zod";

const CANONICAL_DECIMAL = /^(0|[1-9][0-9]{0,77})$/;

// One check, so BigInt() only ever sees a canonical decimal (zod runs refinements even after
// a failed regex, and BigInt("1e3") throws).
const decimal = (max: bigint, what: string) =>
  z.string().refine((s) => CANONICAL_DECIMAL.test(s) && BigInt(s) < max, {
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
  merkleTreeDepth: z.number().int().min(1).max(32),
  merkleTreeRoot: fieldElement,
  nullifier: fieldElement,
  message: fieldElement,
  scope: fieldElement,
  points: proofPoints,
});

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
