import { Router } from "express";
import { ApiError } from "../../errors.js";
import { requireApiKey, serviceOf } from "../auth.js";
import type { AppContext } from "../context.js";
import { perApiKeyLimit } from "../rate-limit.js";
import { checkMembership, consumeVerified, enrollVerified } from "../registry.js";
import { ProofRequestBody, parse } from "../validate.js";

// Proof-verifying endpoints. Membership proofs go through ctx.verifiers.membership (micro-
// batched), enrollment proofs through ctx.verifiers.enrollment; then the registry rules.

export function proofRoutes(ctx: AppContext): Router {
  const r = Router();
  const { windowMs, perApiKey } = ctx.config.rateLimit;
  const rp = [requireApiKey(ctx.storage), perApiKeyLimit(windowMs, perApiKey)];

  r.post("/v1/enroll", async (req, res) => {
    const claims = await ctx.verifiers.enrollment.verifyEnrollment(req.body);
    if (claims === null) throw new ApiError("INVALID_PROOF", "the enrollment proof does not verify");
    res.status(201).json(await enrollVerified(ctx, claims));
  });

  // Stateless: valid for the caller's scope, root known and fresh. Records nothing.
  r.post("/v1/verify", ...rp, async (req, res) => {
    const { action, proof, message } = parse(ProofRequestBody, req.body);
    const scope = await checkMembership(ctx, serviceOf(res), action, proof, message);
    res.json({
      valid: true,
      scope,
      nullifier: proof.nullifier,
      message: proof.message,
      nullifierUsed: await ctx.storage.isNullifierUsed(scope, proof.nullifier),
    });
  });

  // Stateful: as verify, then the nullifier is consumed atomically (201 first use, 200 retry).
  r.post("/v1/consume", ...rp, async (req, res) => {
    const { action, proof, message } = parse(ProofRequestBody, req.body);
    const scope = await checkMembership(ctx, serviceOf(res), action, proof, message);
    const { firstUse } = await consumeVerified(ctx, scope, proof);
    res
      .status(firstUse ? 201 : 200)
      .json({ consumed: true, scope, nullifier: proof.nullifier, message: proof.message, firstUse });
  });
  return r;
}
