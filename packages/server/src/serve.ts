import type { Config } from "./config.js";
import type { Logger } from "./logger.js";
import { type RunningServer, startServer } from "./server.js";
import { NOT_WIRED } from "./verifiers.js";
import { createMembershipVerifier } from "./verify/membership.js";

/**
 * The production wiring (`zkpop serve`): real membership verification, micro-batched on
 * verifier processes, then the HTTP server. Closing the server stops the verifiers.
 */
export async function serve(options: { config: Config; logger?: Logger }): Promise<RunningServer> {
  const { config } = options;
  const membership = await createMembershipVerifier({
    depth: config.membershipDepth,
    home: config.artifactsHome,
    engine: config.verifierEngine,
    processes: config.verifierProcesses,
    windowMs: config.microBatchWindowMs,
    maxBatch: config.microBatchMaxSize,
  });
  try {
    return await startServer({
      config,
      logger: options.logger,
      verifiers: { membership, enrollment: NOT_WIRED.enrollment },
      onClose: async () => membership.close?.(),
    });
  } catch (err) {
    await membership.close?.();
    throw err;
  }
}
