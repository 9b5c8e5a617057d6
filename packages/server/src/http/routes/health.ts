import { Router } from "express";
import { ApiError } from "../../errors.js";
import type { AppContext } from "../context.js";

export function healthRoutes(ctx: AppContext): Router {
  const r = Router();
  // Liveness: the process answers. Never touches the database.
  r.get("/v1/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  // Readiness: accepting traffic and the database answers.
  r.get("/v1/ready", async (_req, res) => {
    if (!ctx.lifecycle.ready) throw new ApiError("NOT_READY", "shutting down or not started");
    try {
      await ctx.storage.ping();
    } catch {
      throw new ApiError("NOT_READY", "database unreachable");
    }
    res.json({ status: "ready" });
  });
  r.get("/metrics", async (_req, res) => {
    res.type(ctx.metrics.registry.contentType).send(await ctx.metrics.registry.metrics());
  });
  return r;
}
