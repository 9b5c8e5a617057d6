import { scopeOf, scopeToField } from "@zkpop/core";
import { isCanonicalField } from "@zkpop/prover";
import type { Config } from "./config.js";
import { proofHash, type TagHasher } from "./crypto.js";
import { ApiError } from "./errors.js";
import type { GroupService } from "./group.js";
import type { Metrics } from "./metrics.js";
import { rootStatus } from "./roots.js";
import type { Storage } from "./storage/types.js";
import type { EnrollmentClaims, MembershipProof, Verifiers } from "./verifiers.js";

// The registry rules (see DESIGN "Registry rules"), applied once a request is parsed: they
// know storage, the group, the verifiers and the clock, nothing of HTTP. Every refusal is a
// typed error whose message says what the caller should do next.

/** What the rules need; the HTTP app's context is a superset. */
export interface RegistryContext {
  config: Pick<Config, "dedupThreshold" | "captureFreshnessMs" | "rootValidityMs">;
  storage: Storage;
  group: GroupService;
  tagHasher: TagHasher;
  metrics: Pick<Metrics, "enrollments" | "nullifiers">;
  verifiers: Verifiers;
  now: () => number;
}

/** Allowed clock skew between attester and registry for capturedAt in the future. */
export const FUTURE_SKEW_MS = 60_000;

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/** Verifies an enrollment proof (body as received), then enrolls the person it proves. */
export async function enroll(ctx: RegistryContext, body: unknown): Promise<{ index: number; root: string }> {
  const claims = await ctx.verifiers.enrollment.verifyEnrollment(body);
  if (claims === null)
    throw new ApiError(
      "INVALID_PROOF",
      "the enrollment proof does not verify: prove again with the registry's enrollment artifacts (GET /v1/info, artifacts.enrollment)",
    );
  return enrollVerified(ctx, claims);
}

export async function enrollVerified(
  ctx: RegistryContext,
  claims: EnrollmentClaims,
): Promise<{ index: number; root: string }> {
  const signals = [...claims.attesterPublicKey, claims.identityCommitment, ...claims.tags];
  // One text form per value (decimal, below r): "07", "0x7" or x + r would be a second spelling.
  if (!signals.every((s) => isCanonicalField(s)))
    throw new ApiError("NON_CANONICAL_FIELD", "public signals must be canonical field elements");
  const m = ctx.config.dedupThreshold;
  if (claims.tags.length < m || new Set(claims.tags).size !== claims.tags.length) {
    throw new ApiError("INVALID_REQUEST", `expected at least ${m} distinct tags`);
  }
  const attester = await ctx.storage.findAttesterByKey(claims.attesterPublicKey);
  if (!attester)
    throw new ApiError(
      "UNKNOWN_ATTESTER",
      "the capture was not signed by an attester this registry trusts (GET /v1/info, attesters): capture again at one of them",
    );
  if (attester.revokedAt !== null)
    throw new ApiError(
      "ATTESTER_REVOKED",
      "the attester's key has been revoked: capture again at a trusted attester (GET /v1/info, attesters)",
    );
  const now = ctx.now();
  const window = `captures are accepted up to ${seconds(ctx.config.captureFreshnessMs)} old and at most ${seconds(FUTURE_SKEW_MS)} in the future (clock skew)`;
  if (!Number.isSafeInteger(claims.capturedAt) || claims.capturedAt > now + FUTURE_SKEW_MS) {
    throw new ApiError(
      "STALE_CAPTURE",
      `capturedAt is ${seconds(claims.capturedAt - now)} ahead of the registry's clock; ${window}: check the attester's clock and capture again`,
    );
  }
  if (now - claims.capturedAt > ctx.config.captureFreshnessMs)
    throw new ApiError(
      "STALE_CAPTURE",
      `the capture is ${seconds(now - claims.capturedAt)} old; ${window}: capture again and prove at once`,
    );

  const out = await ctx.group.insert(claims.identityCommitment, ctx.tagHasher.hashAll(claims.tags), m);
  ctx.metrics.enrollments.inc({ outcome: out.kind });
  if (out.kind === "already_member")
    throw new ApiError(
      "ALREADY_MEMBER",
      "this identity commitment is already enrolled: nothing to do, prove membership with it",
    );
  if (out.kind === "duplicate_person")
    throw new ApiError(
      "DUPLICATE_PERSON",
      "this person is already enrolled (under another identity): prove membership with the identity enrolled first",
    );
  return { index: out.member.index, root: out.root };
}

/**
 * Scope bound to the caller's rpId; every public signal compared with what the request
 * claims (depth, scope, optional message); root known and fresh; then the pairing check,
 * micro-batched with other requests. Cheap checks first, crypto last. Returns the scope.
 */
export async function checkMembership(
  ctx: RegistryContext,
  rpId: string,
  action: string,
  proof: MembershipProof,
  message?: string,
): Promise<string> {
  const verifier = ctx.verifiers.membership;
  const scope = scopeOf(rpId, action);
  if (proof.merkleTreeDepth !== verifier.depth)
    throw new ApiError(
      "DEPTH_MISMATCH",
      `the proof says merkleTreeDepth ${proof.merkleTreeDepth}; this registry verifies the depth-${verifier.depth} circuit (circuitDepth in GET /v1/group): prove with that circuit`,
    );
  if (BigInt(proof.scope) !== scopeToField(scope))
    throw new ApiError(
      "SCOPE_MISMATCH",
      `the proof was not made for scope "${scope}" (your API key's rpId and the action you sent): prove for that scope`,
    );
  if (message !== undefined && message !== proof.message)
    throw new ApiError(
      "MESSAGE_MISMATCH",
      "the proof's message differs from the expected one: prove with the expected message",
    );
  const record = await ctx.storage.getRoot(proof.merkleTreeRoot);
  const now = ctx.now();
  const status = rootStatus(record, now, ctx.config.rootValidityMs);
  if (status === "unknown")
    throw new ApiError(
      "UNKNOWN_ROOT",
      "merkleTreeRoot is not a root of this registry's group: fetch the group again (GET /v1/group/members) and prove again",
    );
  if (status === "expired")
    throw new ApiError(
      "EXPIRED_ROOT",
      `merkleTreeRoot was superseded ${seconds(now - (record?.supersededAt ?? now))} ago and roots stay valid ${seconds(ctx.config.rootValidityMs)} after that: fetch the group again (GET /v1/group/members) and prove again`,
    );
  if (!(await verifier.verify(proof)))
    throw new ApiError(
      "INVALID_PROOF",
      "the proof does not verify: prove again with the registry's membership artifacts (GET /v1/info, artifacts.membership)",
    );
  return scope;
}

/** Record the nullifier: same proof again is idempotent, any other proof is refused. */
export async function consumeVerified(
  ctx: RegistryContext,
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
    throw new ApiError(
      "NULLIFIER_USED",
      `this person already used a proof in scope "${scope}": one use per person and action; the first use stands`,
    );
  return { firstUse: outcome === "inserted" };
}
