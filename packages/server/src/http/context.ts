import type { ArtifactCatalog } from "../artifacts.js";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import type { RegistryContext } from "../registry.js";

/** Everything a route needs, injected so tests can swap the clock and the verifiers. */
export interface AppContext extends RegistryContext {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  /** Files devices prove with, served by SHA-256. */
  artifacts: ArtifactCatalog;
  /** Flipped off at shutdown so load balancers stop sending traffic before we close. */
  lifecycle: { ready: boolean };
}
