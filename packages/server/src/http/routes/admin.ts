import { Router } from "express";
import { generateApiKey, hashApiKey } from "../../crypto.js";
import { ApiError } from "../../errors.js";
import { requireAdmin } from "../auth.js";
import type { AppContext } from "../context.js";
import {
  AddAttesterBody,
  AddKeyBody,
  AddMemberBody,
  AddServiceBody,
  keyId,
  parse,
  RetireKeyBody,
  rpId,
} from "../validate.js";

/** Active API keys a relying service may hold at once: the current one and its successor. */
export const MAX_ACTIVE_KEYS = 2;

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
        "this attester key is already registered (revoked keys cannot be re-added): nothing to do, or have the attester make a new key",
      );
    ctx.logger.info({ attester: rec.id }, "attester added");
    res.status(201).json({ attester: rec });
  });
  // Revocation is idempotent: revoking twice answers the same record.
  r.post("/v1/admin/attesters/:id/revoke", async (req, res) => {
    const id = req.params.id ?? "";
    if (await ctx.storage.revokeAttester(id)) ctx.logger.info({ attester: id }, "attester revoked");
    const rec = await ctx.storage.getAttester(id);
    if (!rec) throw new ApiError("NOT_FOUND", "no such attester: see GET /v1/admin/attesters");
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
    if (!rec)
      throw new ApiError(
        "ALREADY_EXISTS",
        "this rpId is already taken: to replace its API key, rotate it (POST /v1/admin/services/{rpId}/keys)",
      );
    ctx.logger.info({ rpId: rec.rpId }, "relying service added");
    res.status(201).json({ service: rec, apiKey });
  });
  // Revoking the service stops all its keys at once; the rpId is never given out again.
  r.post("/v1/admin/services/:rpId/revoke", async (req, res) => {
    const id = parse(rpId, req.params.rpId);
    if (await ctx.storage.revokeRelyingService(id)) ctx.logger.info({ rpId: id }, "relying service revoked");
    const rec = await ctx.storage.getRelyingService(id);
    if (!rec) throw new ApiError("NOT_FOUND", "no such relying service: see GET /v1/admin/services");
    res.json({ service: rec });
  });

  // Key rotation: a second key for the same rpId (scopes and nullifiers unchanged), the old
  // one retired after a grace period so the service can roll the new one out first.
  r.get("/v1/admin/services/:rpId/keys", async (req, res) => {
    const id = parse(rpId, req.params.rpId);
    if (!(await ctx.storage.getRelyingService(id)))
      throw new ApiError("NOT_FOUND", "no such relying service: see GET /v1/admin/services");
    res.json({ keys: await ctx.storage.listApiKeys(id) });
  });
  r.post("/v1/admin/services/:rpId/keys", async (req, res) => {
    const id = parse(rpId, req.params.rpId);
    const body = parse(AddKeyBody, req.body ?? {});
    const apiKey = generateApiKey();
    const now = ctx.now();
    const out = await ctx.storage.addApiKey({
      rpId: id,
      keyHash: hashApiKey(apiKey),
      maxActive: MAX_ACTIVE_KEYS,
      retireOthersAt: body.retireOthersAfterMs === undefined ? undefined : now + body.retireOthersAfterMs,
    });
    if (out.kind === "unknown_service")
      throw new ApiError("NOT_FOUND", "no such relying service: see GET /v1/admin/services");
    if (out.kind === "service_revoked")
      throw new ApiError(
        "FORBIDDEN",
        "this relying service is revoked: it gets no new keys; register a new rpId",
      );
    if (out.kind === "too_many_keys")
      throw new ApiError(
        "TOO_MANY_KEYS",
        `this relying service already has ${out.active} active keys: retire one (POST /v1/admin/services/${id}/keys/{keyId}/retire) or pass retireOthersAfterMs`,
      );
    ctx.logger.info({ rpId: id, keyId: out.key.id }, "API key added");
    res.status(201).json({ key: out.key, apiKey, keys: await ctx.storage.listApiKeys(id) });
  });
  r.post("/v1/admin/services/:rpId/keys/:keyId/retire", async (req, res) => {
    const id = parse(rpId, req.params.rpId);
    const key = parse(keyId, req.params.keyId);
    const { afterMs } = parse(RetireKeyBody, req.body ?? {});
    const rec = await ctx.storage.retireApiKey(id, key, ctx.now() + afterMs);
    if (!rec) throw new ApiError("NOT_FOUND", `no such key: see GET /v1/admin/services/${id}/keys`);
    ctx.logger.info({ rpId: id, keyId: key, expiresAt: rec.expiresAt }, "API key retired");
    res.json({ key: rec });
  });

  // Closed groups (and tests, until enrollment proofs land): the admin vouches for the
  // person, so there are no tags and no face dedup. Off unless adminMembers is set.
  r.post("/v1/admin/members", async (req, res) => {
    if (!ctx.config.adminMembers)
      throw new ApiError(
        "FORBIDDEN",
        "adding members by hand is disabled: set adminMembers (ZKPOP_ADMIN_MEMBERS)",
      );
    const { identityCommitment } = parse(AddMemberBody, req.body);
    const out = await ctx.group.insert(identityCommitment, [], ctx.config.dedupThreshold);
    if (out.kind !== "inserted")
      throw new ApiError("ALREADY_MEMBER", "this identity commitment is already a member: nothing to do");
    res.status(201).json({ index: out.member.index, root: out.root });
  });
  return r;
}
