import { fieldElement, isNonCanonicalIssue, membershipProofSchema } from "@zkpop/core";
import { z } from "zod";
import { ApiError } from "../errors.js";

/** A field element in a request body: core's schema (the prover's one canonical-field check). */
export const field = fieldElement;

/** rpId: DNS-like label; never contains ':' because scope is "rpId:action". */
export const rpId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{0,62}$/, "must be 1-63 chars of a-z, 0-9, '.', '-'");
export const AddAttesterBody = z
  .object({ publicKey: z.tuple([field, field]), label: z.string().min(1).max(200) })
  .strict();
export const AddServiceBody = z.object({ rpId, name: z.string().min(1).max(200) }).strict();

/** Public id of an API key (16 hex digits, from GET /v1/admin/services/{rpId}/keys). */
export const keyId = z.string().regex(/^[0-9a-f]{16}$/, "must be a key id: 16 lower-case hex digits");
const GRACE_MAX_MS = 90 * 86_400_000;
/** Rotation: the other active keys stop working this long after the new key is made (0: now). */
export const AddKeyBody = z.strictObject({
  retireOthersAfterMs: z.number().int().min(0).max(GRACE_MAX_MS).optional(),
});
/** The key stops working this long from now (0, the default: at once). */
export const RetireKeyBody = z.strictObject({
  afterMs: z.number().int().min(0).max(GRACE_MAX_MS).default(0),
});

/** Action part of the scope; the rpId part comes from the caller's API key, never the body. */
export const action = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, "must be 1-64 chars of A-Z, a-z, 0-9, '_', '.', '-'");

/** POST /v1/verify and /v1/consume. `message`, when given, must equal the proof's. */
export const ProofRequestBody = z.strictObject({
  action,
  proof: membershipProofSchema,
  message: fieldElement.optional(),
});

export const AddMemberBody = z.strictObject({ identityCommitment: field });

/** Query integers: plain decimal digits only (Number() would take "0x10", "" or " "). */
const queryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^(0|[1-9][0-9]{0,9})$/, "must be a decimal integer")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const PageQuery = z
  .object({
    from: queryInt(0, 2 ** 31).default(0),
    limit: queryInt(1, 10_000).default(1_000),
  })
  .strict();

/** Parse or throw a typed 400: non-canonical field elements get their own code. */
export function parse<T>(schema: z.ZodType<T, unknown>, input: unknown): T {
  let r: ReturnType<typeof schema.safeParse>;
  try {
    r = schema.safeParse(input);
  } catch {
    // A refinement that throws (none should: the canonical check never calls BigInt() on a
    // string that is not a decimal) is still a bad request, not an internal error.
    throw new ApiError("INVALID_REQUEST", "the request does not match the schema");
  }
  if (r.success) return r.data;
  const first = r.error.issues[0];
  const where = first && first.path.length > 0 ? `${first.path.join(".")}: ` : "";
  // Field-element checks (core's schemas) tag their issues with this code.
  const code = r.error.issues.some(isNonCanonicalIssue) ? "NON_CANONICAL_FIELD" : "INVALID_REQUEST";
  throw new ApiError(code, `${where}${first?.message ?? "invalid request"}`);
}
