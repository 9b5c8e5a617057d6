import { closeOnSignals, createLogger, loadConfig, serve } from "@zkpop/server";

/**
 * `zkpop serve`: the registry and verifier over HTTP. Configuration comes from ZKPOP_*
 * variables and an optional JSON file (--config or ZKPOP_CONFIG); SQLite by default.
 */
export async function serveCommand(opts: { config?: string }): Promise<void> {
  if (opts.config) process.env.ZKPOP_CONFIG = opts.config;
  const config = loadConfig(); // BAD_CONFIG (a ZkpopError) naming each bad setting
  const logger = createLogger(config.logLevel);
  const server = await serve({ config, logger });
  closeOnSignals(server, logger);
  await new Promise<void>(() => {}); // runs until a signal closes it
}
