import { scopeOf, scopeToField } from "@zkpop/core";
import { proofHash } from "../crypto.js";
import { ApiError } from "../errors.js";
import { isCanonicalField } from "../field.js";
import { rootStatus } from "../roots.js";
import type { RelyingServiceRecord } from "../storage/types.js";
import type { EnrollmentClaims, MembershipProof } from "../verifiers.js";
import type { AppContext } from "./context.js";

// Registry rules applied once a proof's claims are known (see DESIGN "Registry rules").

/** Allowed clock skew between attester and registry for capturedAt in the future. */
const FUTURE_SKEW_MS = 60_000;

export async function enrollVerified(
  ctx: AppContext,
  claims: EnrollmentClaims,
): Promise<{ index: number; root: string }> {
  const signals = [...claims.attesterPublicKey, claims.identityCommitment, ...claims.tags];
  if (!signals.every(isCanonicalField))
    throw new ApiError("NON_CANONICAL_FIELD", "public signals must be canonical field elements");
  const m = ctx.config.dedupThreshold;
  if (claims.tags.length < m || new Set(claims.tags).size !== claims.tags.length) {
    throw new ApiError("INVALID_REQUEST", `expected at least ${m} distinct tags`);
  }
  const attester = await ctx.storage.findAttesterByKey(claims.attesterPublicKey);
  if (!attester) throw new ApiError("UNKNOWN_ATTESTER", "the capture was not signed by a trusted attester");
  if (attester.revokedAt !== null)
    throw new ApiError("ATTESTER_REVOKED", "the attester's key has been revoked");
  const now = ctx.now();
  if (!Number.isSafeInteger(claims.capturedAt) || claims.capturedAt > now + FUTURE_SKEW_MS) {
    throw new ApiError("STALE_CAPTURE", "capturedAt is in the future");
  }
  if (now - claims.capturedAt > ctx.config.captureFreshnessMs)
    throw new ApiError("STALE_CAPTURE", "the capture is too old");

  const out = await ctx.group.insert(claims.identityCommitment, ctx.tagHasher.hashAll(claims.tags), m);
  ctx.metrics.enrollments.inc({ outcome: out.kind });
  if (out.kind === "already_member")
    throw new ApiError("ALREADY_MEMBER", "this identity commitment is already enrolled");
  if (out.kind === "duplicate_person")
    throw new ApiError("DUPLICATE_PERSON", "this person is already enrolled");
  return { index: out.member.index, root: out.root };
}

/**
 * Scope bound to the caller's API key; every public signal compared with what the request
 * claims (depth, scope, optional message); root known and fresh; then the pairing check,
 * micro-batched with other requests. Cheap checks first, crypto last.
 */
export async function checkMembership(
  ctx: AppContext,
  service: RelyingServiceRecord,
  action: string,
  proof: MembershipProof,
  message?: string,
): Promise<string> {
  const verifier = ctx.verifiers.membership;
  const scope = scopeOf(service.rpId, action);
  if (proof.merkleTreeDepth !== verifier.depth)
    throw new ApiError("DEPTH_MISMATCH", `proofs must be made with the depth-${verifier.depth} circuit`);
  if (BigInt(proof.scope) !== scopeToField(scope))
    throw new ApiError("SCOPE_MISMATCH", `the proof was not made for scope "${scope}" (this API key's rpId)`);
  if (message !== undefined && message !== proof.message)
    throw new ApiError("MESSAGE_MISMATCH", "the proof's message differs from the expected one");
  const status = rootStatus(
    await ctx.storage.getRoot(proof.merkleTreeRoot),
    ctx.now(),
    ctx.config.rootValidityMs,
  );
  if (status === "unknown") throw new ApiError("UNKNOWN_ROOT", "merkleTreeRoot is not a root of this group");
  if (status === "expired")
    throw new ApiError("EXPIRED_ROOT", "merkleTreeRoot was superseded too long ago; rebuild the proof");
  if (!(await verifier.verify(proof))) throw new ApiError("INVALID_PROOF", "the proof does not verify");
  return scope;
}

/** Record the nullifier: same proof again is idempotent, any other proof is refused. */
export async function consumeVerified(
  ctx: AppContext,
  scope: string,
  proof: MembershipProof,
): Promise<{ firstUse: boolean }> {
  const outcome = await ctx.storage.consumeNullifier({
    scope,
    nullifier: proof.nullifier,
    proofHash: proofHash(proof),
  });
  ctx.metrics.nullifiers.inc({ outcome });
  if (outcome === "conflict")
    throw new ApiError("NULLIFIER_USED", "this nullifier was already used in this scope");
  return { firstUse: outcome === "inserted" };
}
