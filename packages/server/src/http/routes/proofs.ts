import { Router } from "express";
import { checkMembership, consumeVerified, enroll } from "../../registry.js";
import { serviceOf } from "../auth.js";
import type { AppContext } from "../context.js";
import { ProofRequestBody, parse } from "../validate.js";

// Proof-verifying endpoints: parse the request, then the registry rules (registry.ts).
// The API key of /v1/verify and /v1/consume is checked before the body is read (app.ts).

export function proofRoutes(ctx: AppContext): Router {
  const r = Router();

  r.post("/v1/enroll", async (req, res) => {
    res.status(201).json(await enroll(ctx, req.body));
  });

  // Stateless: valid for the caller's scope, root known and fresh. Records nothing.
  r.post("/v1/verify", async (req, res) => {
    const { action, proof, message } = parse(ProofRequestBody, req.body);
    const scope = await checkMembership(ctx, serviceOf(res).rpId, action, proof, message);
    res.json({
      valid: true,
      scope,
      nullifier: proof.nullifier,
      message: proof.message,
      nullifierUsed: await ctx.storage.isNullifierUsed(scope, proof.nullifier),
    });
  });

  // Stateful: as verify, then the nullifier is consumed atomically (201 first use, 200 retry).
  r.post("/v1/consume", async (req, res) => {
    const { action, proof, message } = parse(ProofRequestBody, req.body);
    const scope = await checkMembership(ctx, serviceOf(res).rpId, action, proof, message);
    const { firstUse } = await consumeVerified(ctx, scope, proof);
    res
      .status(firstUse ? 201 : 200)
      .json({ consumed: true, scope, nullifier: proof.nullifier, message: proof.message, firstUse });
  });
  return r;
}
