import { type Server, STATUS_CODES } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { ArgumentError } from "@zkpop/errors";
import { artifactCatalog } from "./artifacts.js";
import type { Config } from "./config.js";
import { redactConfig } from "./config.js";
import { TagHasher } from "./crypto.js";
import { ApiError } from "./errors.js";
import { GroupService } from "./group.js";
import { type CreateAppOptions, createApp } from "./http/app.js";
import type { AppContext } from "./http/context.js";
import { createLogger, type Logger } from "./logger.js";
import { createMetrics } from "./metrics.js";
import { openStorage } from "./storage/open.js";
import type { Storage } from "./storage/types.js";
import type { Verifiers } from "./verifiers.js";

/** What startServer runs: the configuration and the verifiers (required: serve() wires the real ones). */
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

/** A listening server: its URL and port, its context, and a close() that drains requests and closes storage. */
export interface RunningServer {
  url: string;
  port: number;
  context: AppContext;
  /** Stop accepting, let in-flight requests finish (up to shutdownGraceMs), close storage. */
  close(): Promise<void>;
}

/** Opens storage, loads the group and listens with the given verifiers; refuses to start without them. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config, verifiers } = options;
  if (!verifiers?.membership || !verifiers?.enrollment)
    throw new ArgumentError(
      "startServer needs verifiers for membership and enrollment proofs (serve() wires the real ones)",
    );
  const logger = options.logger ?? createLogger(config.logLevel);
  // Hashed before the database opens: a missing artifact fails the start with nothing to undo.
  const artifacts = await artifactCatalog({
    membership: verifiers.membership.artifactsDir,
    enrollment: verifiers.enrollment.artifactsDir,
  });
  const storage = options.storage ?? openStorage(config.db);
  await storage.migrate();
  const group = new GroupService(storage);
  const state = await group.rebuild();
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
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) =>
    answerUnparsable(err, socket, logger),
  );
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

/**
 * A request Node's HTTP parser refuses never reaches express: answer it in our error format
 * too (Node's default is a bare 400 or 431), logged at info since any client can send one.
 */
function answerUnparsable(err: NodeJS.ErrnoException, socket: Duplex, logger: Logger): void {
  if (err.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const api =
    err.code === "HPE_HEADER_OVERFLOW"
      ? new ApiError("HEADERS_TOO_LARGE", "the request headers are too large: send fewer or shorter headers")
      : new ApiError(
          "INVALID_REQUEST",
          "the request is not valid HTTP/1.1 (framing, headers or chunked encoding)",
        );
  logger.info({ code: api.code, cause: err.code }, "client error");
  const body = JSON.stringify(api.toBody());
  socket.end(
    `HTTP/1.1 ${api.status} ${STATUS_CODES[api.status]}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
