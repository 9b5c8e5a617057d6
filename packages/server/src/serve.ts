import type { Config } from "./config.js";
import type { Logger } from "./logger.js";
import { type RunningServer, startServer } from "./server.js";
import { createEnrollmentVerifier } from "./verify/enrollment.js";
import { createMembershipVerifier } from "./verify/membership.js";

/**
 * The production wiring (`zkpop serve`): real enrollment verification, membership verification
 * micro-batched on verifier processes, then the HTTP server. Closing the server stops the
 * verifiers. Missing circuits are built first (minutes on a fresh machine, cached after).
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
  const closeAll = async () => {
    await membership.close?.();
    await enrollment?.close?.();
  };
  let enrollment: Awaited<ReturnType<typeof createEnrollmentVerifier>> | undefined;
  try {
    enrollment = await createEnrollmentVerifier({ home: config.artifactsHome });
    return await startServer({
      config,
      logger: options.logger,
      verifiers: { membership, enrollment },
      onClose: closeAll,
    });
  } catch (err) {
    await closeAll();
    throw err;
  }
}
