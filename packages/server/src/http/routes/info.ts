import { Router } from "express";
import type { AppContext } from "../context.js";

/** Public parameters a holder or relying service needs before talking to us. */
export function infoRoutes(ctx: AppContext, extra: () => Record<string, unknown>): Router {
  const r = Router();
  r.get("/v1/info", async (_req, res) => {
    const attesters = (await ctx.storage.listAttesters())
      .filter((a) => a.revokedAt === null)
      .map((a) => ({ id: a.id, publicKey: a.publicKey, label: a.label }));
    const membership = ctx.verifiers.membership.info();
    const enrollment = ctx.verifiers.enrollment.info?.() ?? null;
    res.json({
      version: "v1",
      group: await ctx.group.sync(),
      groupParameters: {
        tree: "LeanIMT (Semaphore v4)",
        hash: "Poseidon (BN254)",
        maxDepth: membership?.depth ?? null,
        maxSize: membership ? 2 ** membership.depth : null,
        rootValidityMs: ctx.config.rootValidityMs,
        scope: "rpId:action, proved as sha256('zkpop/scope/v1:' + scope) >> 8",
      },
      circuits: {
        membership,
        enrollment,
      },
      modelManifest: enrollment?.manifest.model ?? null,
      dedupThreshold: ctx.config.dedupThreshold,
      captureFreshnessMs: ctx.config.captureFreshnessMs,
      attesters,
      ...extra(),
    });
  });
  return r;
}
