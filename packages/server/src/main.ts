// Process entry for the registry (what `zkpop serve` runs): configuration from the
// environment / $ZKPOP_CONFIG, JSON logs on stdout, graceful shutdown on SIGTERM / SIGINT.
import { ConfigError, loadConfig } from "./config.js";
import { createLogger } from "./logger.js";
import { serve } from "./serve.js";
import { closeOnSignals } from "./server.js";

try {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const server = await serve({ config, logger });
  closeOnSignals(server, logger);
} catch (err) {
  // Config errors name the setting, never its value.
  process.stderr.write(`zkpop server: ${err instanceof ConfigError ? err.message : (err as Error).stack}\n`);
  process.exit(1);
}
