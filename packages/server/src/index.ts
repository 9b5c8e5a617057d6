// Public API of @zkpop/server.

export type { Config, ConfigInput, LoadConfigOptions } from "./config.js";
export { ConfigError, ConfigSchema, ENV_VARS, loadConfig, redactConfig } from "./config.js";
export { canonicalJson, generateApiKey, hashApiKey, proofHash, TagHasher } from "./crypto.js";
export type { ErrorCode } from "./errors.js";
export { ApiError, ERROR_STATUS, SERVER_ERROR_CODES } from "./errors.js";
export type { GroupState } from "./group.js";
export { GroupService } from "./group.js";
export type { CreateAppOptions } from "./http/app.js";
export { createApp } from "./http/app.js";
export type { AppContext } from "./http/context.js";
export { openApiDocument } from "./http/openapi.js";
export { createLogger, REDACT_PATHS } from "./logger.js";
export type { Metrics } from "./metrics.js";
export { createMetrics } from "./metrics.js";
export type { RootStatus } from "./roots.js";
export { rootStatus } from "./roots.js";
export { serve } from "./serve.js";
export type { RunningServer, StartServerOptions } from "./server.js";
export { closeOnSignals, startServer } from "./server.js";
export { openStorage } from "./storage/open.js";
export type { PostgresStorageOptions } from "./storage/postgres.js";
export { PostgresStorage } from "./storage/postgres.js";
export type { SqliteStorageOptions } from "./storage/sqlite.js";
export { SqliteStorage } from "./storage/sqlite.js";
export type * from "./storage/types.js";
export { TreeDivergedError } from "./storage/types.js";
export type {
  EnrollmentClaims,
  EnrollmentVerifier,
  MembershipProof,
  MembershipVerifier,
  MembershipVerifierInfo,
  Verifiers,
} from "./verifiers.js";
export { MicroBatcher, type MicroBatcherOptions } from "./verify/batcher.js";
export { createMembershipVerifier, type MembershipVerifierOptions } from "./verify/membership.js";
