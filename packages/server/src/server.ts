import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { artifactCatalog } from "./artifacts.js";
import type { Config } from "./config.js";
import { redactConfig } from "./config.js";
import { TagHasher } from "./crypto.js";
import { GroupService } from "./group.js";
import { type CreateAppOptions, createApp } from "./http/app.js";
import type { AppContext } from "./http/context.js";
import { createLogger, type Logger } from "./logger.js";
import { createMetrics } from "./metrics.js";
import { openStorage } from "./storage/open.js";
import type { Storage } from "./storage/types.js";
import type { Verifiers } from "./verifiers.js";

export interface StartServerOptions extends CreateAppOptions {
  config: Config;
  logger?: Logger;
  /** The proof checks (serve() wires the real ones); required: there is no default. */
  verifiers: Verifiers;
  /** Use this storage instead of opening one from config.db (tests). */
  storage?: Storage;
  now?: () => number;
  /** Runs after the server and storage are closed (e.g. stop verifier processes). */
  onClose?: () => Promise<void>;
}

export interface RunningServer {
  url: string;
  port: number;
  context: AppContext;
  /** Stop accepting, let in-flight requests finish (up to shutdownGraceMs), close storage. */
  close(): Promise<void>;
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config, verifiers } = options;
  if (!verifiers?.membership || !verifiers?.enrollment)
    throw new TypeError(
      "startServer needs verifiers for membership and enrollment proofs (serve() wires the real ones)",
    );
  const logger = options.logger ?? createLogger(config.logLevel);
  const storage = options.storage ?? openStorage(config.db);
  await storage.migrate();
  const group = new GroupService(storage);
  const state = await group.rebuild();
  const artifacts = await artifactCatalog({
    membership: verifiers.membership.artifactsDir,
    enrollment: verifiers.enrollment.artifactsDir,
  });
  const ctx: AppContext = {
    config,
    storage,
    group,
    tagHasher: new TagHasher(config.pepper),
    logger,
    metrics: createMetrics(),
    verifiers,
    artifacts,
    now: options.now ?? Date.now,
    lifecycle: { ready: false },
  };
  ctx.verifiers.membership.onBatch?.((n) => ctx.metrics.verifyBatchSize.observe(n));
  const app = createApp(ctx, options);
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, config.host, (err) => (err ? reject(err) : resolve(s)));
  });
  // Replicas sharing Postgres pull members inserted elsewhere; SQLite has a single writer.
  const sync =
    storage.kind === "postgres"
      ? setInterval(
          () => group.sync().catch((err) => logger.warn({ err }, "group sync failed")),
          config.groupSyncIntervalMs,
        )
      : undefined;
  sync?.unref();
  ctx.lifecycle.ready = true;
  const port = (server.address() as AddressInfo).port;
  logger.info({ config: redactConfig(config), port, groupSize: state.size }, "zkpop server listening");

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      ctx.lifecycle.ready = false;
      clearInterval(sync);
      const done = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive sockets go idle as their last response finishes: close them as they do.
      server.closeIdleConnections();
      const idle = setInterval(() => server.closeIdleConnections(), 50);
      const timer = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs);
      await done;
      clearInterval(idle);
      clearTimeout(timer);
      await storage.close();
      await options.onClose?.();
      logger.info("zkpop server stopped");
    })();
    return closing;
  };
  return { url: `http://${config.host}:${port}`, port, context: ctx, close };
}

/** SIGTERM / SIGINT -> graceful close, then exit (for `zkpop serve`). */
export function closeOnSignals(server: RunningServer, logger: Logger): void {
  const onSignal = (signal: string) => {
    logger.info({ signal }, "shutting down");
    server.close().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", () => onSignal("SIGTERM"));
  process.once("SIGINT", () => onSignal("SIGINT"));
}
