import { Router } from "express";
import { ApiError } from "../../errors.js";
import { requireApiKey, serviceOf } from "../auth.js";
import type { AppContext } from "../context.js";
import { perApiKeyLimit } from "../rate-limit.js";
import { checkMembership, consumeVerified, enrollVerified } from "../registry.js";
import { ProofRequestBody, parse } from "../validate.js";

// Proof-verifying endpoints. The proof checks go through the injected verifiers
// (ctx.verifiers, NOT_WIRED -> 501 until @zkpop/core provides them).
// TODO(@zkpop/core): use core's wire schemas for the bodies, and micro-batch the
// verifications with the prover's batch verifier on worker threads.

export function proofRoutes(ctx: AppContext): Router {
  const r = Router();
  const { windowMs, perApiKey } = ctx.config.rateLimit;
  const rp = [requireApiKey(ctx.storage), perApiKeyLimit(windowMs, perApiKey)];

  r.post("/v1/enroll", async (req, res) => {
    const claims = await ctx.verifiers.enrollment.verifyEnrollment(req.body);
    if (claims === null) throw new ApiError("INVALID_PROOF", "the enrollment proof does not verify");
    res.status(201).json(await enrollVerified(ctx, claims));
  });

  // Stateless: valid for the scope, root known and fresh. Does not record the nullifier.
  r.post("/v1/verify", ...rp, async (req, res) => {
    const { scope, proof } = parse(ProofRequestBody, req.body);
    await checkMembership(ctx, serviceOf(res), scope, proof);
    res.json({
      valid: true,
      scope,
      nullifier: proof.nullifier,
      nullifierUsed: await ctx.storage.isNullifierUsed(scope, proof.nullifier),
    });
  });

  // Stateful: as verify, then the nullifier is consumed atomically.
  r.post("/v1/consume", ...rp, async (req, res) => {
    const { scope, proof } = parse(ProofRequestBody, req.body);
    await checkMembership(ctx, serviceOf(res), scope, proof);
    const { firstUse } = await consumeVerified(ctx, scope, proof);
    res.status(firstUse ? 201 : 200).json({ consumed: true, scope, nullifier: proof.nullifier, firstUse });
  });
  return r;
}
