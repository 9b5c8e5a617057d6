import express, { type Application } from "express";
import helmet from "helmet";
import type { AppContext } from "./context.js";
import { errorHandler, notFound, requireJson } from "./errors.js";
import { observe } from "./observe.js";
import { perIpLimit } from "./rate-limit.js";
import { adminRoutes } from "./routes/admin.js";
import { groupRoutes } from "./routes/group.js";
import { healthRoutes } from "./routes/health.js";
import { infoRoutes } from "./routes/info.js";
import { openApiRoutes } from "./routes/openapi.js";
import { proofRoutes } from "./routes/proofs.js";

export interface CreateAppOptions {
  /** Extra fields for /v1/info (circuits, key hashes, model manifest). */
  info?: () => Record<string, unknown>;
}

export function createApp(ctx: AppContext, options: CreateAppOptions = {}): Application {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", ctx.config.trustProxy);
  app.set("etag", false);

  app.use(observe(ctx.logger, ctx.metrics));
  app.use(helmet());
  // Probes and scrapes are exempt so a busy client cannot make the instance look dead.
  const { windowMs, perIp } = ctx.config.rateLimit;
  app.use(perIpLimit(windowMs, perIp, ["/v1/health", "/v1/ready", "/metrics"]));
  app.use(requireJson);
  app.use(express.json({ limit: ctx.config.bodyLimitBytes, strict: true }));

  app.use(healthRoutes(ctx));
  app.use(openApiRoutes());
  app.use(infoRoutes(ctx, options.info ?? (() => ({}))));
  app.use(groupRoutes(ctx));
  app.use(adminRoutes(ctx));
  app.use(proofRoutes(ctx));

  app.use(notFound);
  app.use(errorHandler(ctx.logger));
  return app;
}
