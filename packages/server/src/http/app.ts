import express, { type Application } from "express";
import helmet from "helmet";
import { requireApiKey } from "./auth.js";
import type { AppContext } from "./context.js";
import { errorHandler, notFound, requireJson } from "./errors.js";
import { checkJsonBody } from "./json-body.js";
import { methodNotAllowed } from "./methods.js";
import { observe } from "./observe.js";
import { openApiDocument } from "./openapi.js";
import { perIpLimit, perServiceLimit } from "./rate-limit.js";
import { adminRoutes } from "./routes/admin.js";
import { artifactRoutes } from "./routes/artifacts.js";
import { groupRoutes } from "./routes/group.js";
import { healthRoutes } from "./routes/health.js";
import { infoRoutes } from "./routes/info.js";
import { openApiRoutes } from "./routes/openapi.js";
import { proofRoutes } from "./routes/proofs.js";

/** Extra /v1/info fields and hooks for the Express app. */
export interface CreateAppOptions {
  /** Extra fields for /v1/info (circuits, key hashes, model manifest). */
  info?: () => Record<string, unknown>;
}

/** Relying-service routes: limited per service (API key), never per address. */
export const RELYING_SERVICE_PATHS = ["/v1/verify", "/v1/consume"];
/** Probes and scrapes: never limited, so a busy client cannot make the instance look dead. */
const PROBE_PATHS = ["/v1/health", "/v1/ready", "/metrics"];

/** The Express app of the registry's /v1 API over a context (storage, group, verifiers, config). */
export function createApp(ctx: AppContext, options: CreateAppOptions = {}): Application {
  const app = express();
  const doc = openApiDocument();
  app.disable("x-powered-by");
  app.set("trust proxy", ctx.config.trustProxy);
  app.set("etag", false);

  app.use(observe(ctx.logger, ctx.metrics));
  app.use(helmet());
  // A known path under another method: 405 with Allow, before anything reads the body.
  app.use(methodNotAllowed(doc.paths as Record<string, object>));
  // One limit per call: per address on public and admin routes, per service on its own.
  const { windowMs, perIp, perApiKey } = ctx.config.rateLimit;
  const ipLimit = perIpLimit(windowMs, perIp);
  const isRp = (path: string) => RELYING_SERVICE_PATHS.includes(path);
  app.use((req, res, next) =>
    PROBE_PATHS.includes(req.path) || isRp(req.path) ? next() : ipLimit(req, res, next),
  );
  app.use(RELYING_SERVICE_PATHS, requireApiKey(ctx.storage, perServiceLimit(windowMs, perApiKey), ipLimit));
  app.use(requireJson(ctx.config.bodyLimitBytes));
  app.use(
    express.json({
      limit: ctx.config.bodyLimitBytes,
      strict: true,
      verify: (_req, _res, buf) => checkJsonBody(buf),
    }),
  );

  app.use(healthRoutes(ctx));
  app.use(openApiRoutes(doc));
  app.use(infoRoutes(ctx, options.info ?? (() => ({}))));
  app.use(artifactRoutes(ctx));
  app.use(groupRoutes(ctx));
  app.use(adminRoutes(ctx));
  app.use(proofRoutes(ctx));

  app.use(notFound);
  app.use(errorHandler(ctx.logger));
  return app;
}
