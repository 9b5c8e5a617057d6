import type { Config } from "../config.js";
import type { TagHasher } from "../crypto.js";
import type { GroupService } from "../group.js";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";
import type { Storage } from "../storage/types.js";
import type { Verifiers } from "../verifiers.js";

/** Everything a route needs, injected so tests can swap the clock and the verifiers. */
export interface AppContext {
  config: Config;
  storage: Storage;
  group: GroupService;
  tagHasher: TagHasher;
  logger: Logger;
  metrics: Metrics;
  verifiers: Verifiers;
  now: () => number;
  /** Flipped off at shutdown so load balancers stop sending traffic before we close. */
  lifecycle: { ready: boolean };
}
