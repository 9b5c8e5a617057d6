import { Router } from "express";
import type { AppContext } from "../context.js";
import { groupState } from "./group.js";

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
      group: await groupState(ctx),
      groupParameters: {
        tree: "LeanIMT (Semaphore v4)",
        hash: "Poseidon (BN254)",
        circuitDepth: ctx.verifiers.membership.depth,
        maxSize: 2 ** ctx.verifiers.membership.depth,
        rootValidityMs: ctx.config.rootValidityMs,
        scope: "rpId:action, proved as sha256('zkpop/scope/v1:' + scope) >> 8",
      },
      circuits: {
        membership,
        enrollment,
      },
      artifacts: ctx.artifacts.listing,
      modelManifest: enrollment?.manifest.model ?? null,
      dedupThreshold: ctx.config.dedupThreshold,
      captureFreshnessMs: ctx.config.captureFreshnessMs,
      attesters,
      ...extra(),
    });
  });
  return r;
}
