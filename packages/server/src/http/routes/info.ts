import { Router } from "express";
import type { AppContext } from "../context.js";

/** Public parameters a holder or relying service needs before talking to us. */
export function infoRoutes(ctx: AppContext, extra: () => Record<string, unknown>): Router {
  const r = Router();
  r.get("/v1/info", async (_req, res) => {
    const attesters = (await ctx.storage.listAttesters())
      .filter((a) => a.revokedAt === null)
      .map((a) => ({ id: a.id, publicKey: a.publicKey, label: a.label }));
    res.json({
      group: await ctx.group.sync(),
      dedupThreshold: ctx.config.dedupThreshold,
      rootValidityMs: ctx.config.rootValidityMs,
      captureFreshnessMs: ctx.config.captureFreshnessMs,
      attesters,
      // TODO(@zkpop/core): circuits, verification-key hashes and the model manifest.
      ...extra(),
    });
  });
  return r;
}
