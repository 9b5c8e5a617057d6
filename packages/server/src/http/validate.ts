import { z } from "zod";
import { ApiError } from "../errors.js";
import { isCanonicalField } from "../field.js";

const NON_CANONICAL =
  "must be a canonical field element: decimal string, no sign or leading zeros, below the BN254 order";

export const field = z.string().max(80).refine(isCanonicalField, NON_CANONICAL);

/** rpId: DNS-like label; never contains ':' because scope is "rpId:action". */
export const rpId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{0,62}$/, "must be 1-63 chars of a-z, 0-9, '.', '-'");
export const scope = z
  .string()
  .max(160)
  .regex(/^[a-z0-9][a-z0-9.-]{0,62}:[A-Za-z0-9._~-]{1,64}$/, 'must be "rpId:action"');

export const AddAttesterBody = z
  .object({ publicKey: z.tuple([field, field]), label: z.string().min(1).max(200) })
  .strict();
export const AddServiceBody = z.object({ rpId, name: z.string().min(1).max(200) }).strict();

// TODO(@zkpop/core): replace with core's wire schema once it is published.
export const MembershipProofSchema = z
  .object({
    merkleTreeDepth: z.number().int().min(1).max(32),
    merkleTreeRoot: field,
    nullifier: field,
    message: field,
    scope: field,
    points: z.array(field).length(8),
  })
  .strict();
export const ProofRequestBody = z.object({ scope, proof: MembershipProofSchema }).strict();

export const PageQuery = z
  .object({
    from: z.coerce
      .number()
      .int()
      .min(0)
      .max(2 ** 31)
      .default(0),
    limit: z.coerce.number().int().min(1).max(10_000).default(1_000),
  })
  .strict();

/** Parse or throw a typed 400: non-canonical field elements get their own code. */
export function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  const where = first && first.path.length > 0 ? `${first.path.join(".")}: ` : "";
  const code = r.error.issues.some((i) => i.message === NON_CANONICAL)
    ? "NON_CANONICAL_FIELD"
    : "INVALID_REQUEST";
  throw new ApiError(code, `${where}${first?.message ?? "invalid request"}`);
}
