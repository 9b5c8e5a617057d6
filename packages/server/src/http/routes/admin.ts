import { Router } from "express";
import { generateApiKey, hashApiKey } from "../../crypto.js";
import { ApiError } from "../../errors.js";
import { requireAdmin } from "../auth.js";
import type { AppContext } from "../context.js";
import { AddAttesterBody, AddMemberBody, AddServiceBody, parse, rpId } from "../validate.js";

export function adminRoutes(ctx: AppContext): Router {
  const r = Router();
  r.use("/v1/admin", requireAdmin(ctx.config.adminToken));

  r.get("/v1/admin/attesters", async (_req, res) => {
    res.json({ attesters: await ctx.storage.listAttesters() });
  });
  r.post("/v1/admin/attesters", async (req, res) => {
    const body = parse(AddAttesterBody, req.body);
    const rec = await ctx.storage.addAttester(body.publicKey, body.label);
    if (!rec)
      throw new ApiError(
        "ALREADY_EXISTS",
        "this attester key is already registered (revoked keys cannot be re-added)",
      );
    ctx.logger.info({ attester: rec.id }, "attester added");
    res.status(201).json({ attester: rec });
  });
  // Revocation is idempotent: revoking twice answers the same record.
  r.post("/v1/admin/attesters/:id/revoke", async (req, res) => {
    const id = req.params.id ?? "";
    if (await ctx.storage.revokeAttester(id)) ctx.logger.info({ attester: id }, "attester revoked");
    const rec = await ctx.storage.getAttester(id);
    if (!rec) throw new ApiError("NOT_FOUND", "no such attester");
    res.json({ attester: rec });
  });

  r.get("/v1/admin/services", async (_req, res) => {
    res.json({ services: await ctx.storage.listRelyingServices() });
  });
  // The API key is returned once, here; only its hash is stored.
  r.post("/v1/admin/services", async (req, res) => {
    const body = parse(AddServiceBody, req.body);
    const apiKey = generateApiKey();
    const rec = await ctx.storage.addRelyingService(body.rpId, body.name, hashApiKey(apiKey));
    if (!rec) throw new ApiError("ALREADY_EXISTS", "this rpId is already taken");
    ctx.logger.info({ rpId: rec.rpId }, "relying service added");
    res.status(201).json({ service: rec, apiKey });
  });
  r.post("/v1/admin/services/:rpId/revoke", async (req, res) => {
    const id = parse(rpId, req.params.rpId);
    if (await ctx.storage.revokeRelyingService(id)) ctx.logger.info({ rpId: id }, "relying service revoked");
    const rec = await ctx.storage.getRelyingService(id);
    if (!rec) throw new ApiError("NOT_FOUND", "no such relying service");
    res.json({ service: rec });
  });
  // Closed groups (and tests, until enrollment proofs land): the admin vouches for the
  // person, so there are no tags and no face dedup. Off unless adminMembers is set.
  r.post("/v1/admin/members", async (req, res) => {
    if (!ctx.config.adminMembers)
      throw new ApiError("FORBIDDEN", "adding members by hand is disabled (set adminMembers)");
    const { identityCommitment } = parse(AddMemberBody, req.body);
    const out = await ctx.group.insert(identityCommitment, [], ctx.config.dedupThreshold);
    if (out.kind !== "inserted")
      throw new ApiError("ALREADY_MEMBER", "this identity commitment is already a member");
    res.status(201).json({ index: out.member.index, root: out.root });
  });
  return r;
}
