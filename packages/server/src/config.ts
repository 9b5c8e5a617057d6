import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import {
  DEFAULT_DEDUP_THRESHOLD,
  DEFAULT_DEPTH,
  dedupThresholdSchema,
  membershipDepthSchema,
} from "@zkpop/core";
import { intFromText, ZkpopError } from "@zkpop/errors";
import { z } from "zod";

// Configuration: defaults < JSON file (ZKPOP_CONFIG or an explicit path) < environment.
// Validation errors name the setting and where to set it, never the (possibly secret) value.

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);
/** A library's integer schema, fed from the environment's text as well (same messages). */
const fromText = <T>(schema: z.ZodType<T, number>) =>
  z.preprocess((v) => (typeof v === "string" ? intFromText(v) : v), schema);

const bool = z.union([
  z.boolean(),
  z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1"),
]);

/** One core for HTTP and storage, the rest (up to 4) for proof verification. */
function defaultVerifierProcesses(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

const SqliteDb = z
  .object({ kind: z.literal("sqlite"), path: z.string().min(1).default("zkpop.sqlite") })
  .strict();
const PostgresDb = z
  .object({
    kind: z.literal("postgres"),
    url: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// connection string"),
    poolSize: int(1, 1000).default(10),
  })
  .strict();

/** Every setting with its bounds and default; library bounds (depth, m) come from the libraries' own schemas. */
export const ConfigSchema = z
  .object({
    host: z.string().min(1).default("127.0.0.1"),
    port: int(0, 65535).default(8080),
    db: z
      .discriminatedUnion("kind", [SqliteDb, PostgresDb])
      .default({ kind: "sqlite", path: "zkpop.sqlite" }),
    /** HMAC key for dedup tags. Required: without it every stored tag could be matched offline. */
    pepper: z.string().min(32, "must be at least 32 characters (use 32+ random bytes, e.g. base64)"),
    /** How long a root stays valid after it was superseded. */
    rootValidityMs: int(0).default(3_600_000),
    /** How old an attester's capturedAt may be at enrollment. */
    captureFreshnessMs: int(1).default(600_000),
    /** Requests arriving within this window are verified together (0 disables batching). */
    microBatchWindowMs: int(0, 1_000).default(3),
    microBatchMaxSize: int(1, 1_024).default(64),
    /**
     * "batch": zkpop's verifier (mcl-wasm, micro-batched). "snarkjs": one snarkjs groth16.verify
     * per proof on the main thread, the reference implementation, for audits and benchmarks.
     */
    verifierEngine: z.enum(["batch", "snarkjs"]).default("batch"),
    /** Membership verifier processes (0: verify on the main thread). */
    verifierProcesses: int(0, 64).default(defaultVerifierProcesses()),
    /** Depth of the membership circuit (groups up to 2^depth members). */
    membershipDepth: fromText(membershipDepthSchema).default(DEFAULT_DEPTH),
    /** Circuit artifact cache; defaults to $ZKPOP_HOME or ./.zkpop. */
    artifactsHome: z.string().min(1).optional(),
    /** POST /v1/admin/members: the admin adds members directly, without face dedup (closed groups). */
    adminMembers: bool.default(false),
    /**
     * m of m-of-L: an enrollment sharing m of its L tags with one member is a duplicate. 154 of
     * the default circuit's 512 (DEFAULT_DEDUP_THRESHOLD; cross-validated performance card: chosen
     * with margins, so that on folds of people that made none of its choices at most 1 % of
     * honest newcomers are refused at 10^6 members); a smaller registry may lower it to catch more.
     */
    dedupThreshold: fromText(dedupThresholdSchema).default(DEFAULT_DEDUP_THRESHOLD),
    bodyLimitBytes: int(256, 10 * 1024 * 1024).default(64 * 1024),
    rateLimit: z
      .object({
        windowMs: int(1_000).default(60_000),
        /** Public and admin routes, per client address. */
        perIp: int(1).default(600),
        /** /v1/verify and /v1/consume, per relying service (1,000/s: more than one host verifies). */
        perApiKey: int(1).default(60_000),
      })
      .strict()
      .default({ windowMs: 60_000, perIp: 600, perApiKey: 60_000 }),
    /** Bearer token for /v1/admin; when absent the admin API is disabled. */
    adminToken: z.string().min(32, "must be at least 32 characters").optional(),
    /** Express "trust proxy": hops in front of us, so per-IP limits see the client address. */
    trustProxy: int(0, 10).default(0),
    /** How often a replica pulls members other replicas inserted (Postgres only). */
    groupSyncIntervalMs: int(50, 600_000).default(1_000),
    shutdownGraceMs: int(0, 600_000).default(10_000),
    logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .strict();

/** The server's configuration with every default filled in (what loadConfig returns). */
export type Config = z.infer<typeof ConfigSchema>;
/** The configuration as written (file, environment or overrides): every setting optional but the pepper. */
export type ConfigInput = z.input<typeof ConfigSchema>;

/** Environment variable for each setting (documented, and used in error messages). */
export const ENV_VARS = {
  host: "ZKPOP_HOST",
  port: "ZKPOP_PORT",
  "db.kind": "ZKPOP_DB_KIND",
  "db.path": "ZKPOP_DB_PATH",
  "db.url": "ZKPOP_DB_URL",
  "db.poolSize": "ZKPOP_DB_POOL_SIZE",
  pepper: "ZKPOP_PEPPER",
  rootValidityMs: "ZKPOP_ROOT_VALIDITY_MS",
  captureFreshnessMs: "ZKPOP_CAPTURE_FRESHNESS_MS",
  microBatchWindowMs: "ZKPOP_MICRO_BATCH_WINDOW_MS",
  microBatchMaxSize: "ZKPOP_MICRO_BATCH_MAX_SIZE",
  verifierEngine: "ZKPOP_VERIFIER_ENGINE",
  verifierProcesses: "ZKPOP_VERIFIER_PROCESSES",
  membershipDepth: "ZKPOP_MEMBERSHIP_DEPTH",
  artifactsHome: "ZKPOP_HOME",
  adminMembers: "ZKPOP_ADMIN_MEMBERS",
  dedupThreshold: "ZKPOP_DEDUP_THRESHOLD",
  bodyLimitBytes: "ZKPOP_BODY_LIMIT_BYTES",
  "rateLimit.windowMs": "ZKPOP_RATE_LIMIT_WINDOW_MS",
  "rateLimit.perIp": "ZKPOP_RATE_LIMIT_PER_IP",
  "rateLimit.perApiKey": "ZKPOP_RATE_LIMIT_PER_API_KEY",
  adminToken: "ZKPOP_ADMIN_TOKEN",
  trustProxy: "ZKPOP_TRUST_PROXY",
  groupSyncIntervalMs: "ZKPOP_GROUP_SYNC_INTERVAL_MS",
  shutdownGraceMs: "ZKPOP_SHUTDOWN_GRACE_MS",
  logLevel: "ZKPOP_LOG_LEVEL",
} as const;

export const SECRET_KEYS = ["pepper", "adminToken"] as const;

/** Configuration that is not valid: BAD_CONFIG, with one line per bad setting in `issues`. */
export class ConfigError extends ZkpopError<"BAD_CONFIG"> {
  constructor(
    message: string,
    readonly issues: readonly string[] = [],
  ) {
    super("BAD_CONFIG", message);
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function setPath(target: Obj, path: string, value: unknown): void {
  const keys = path.split(".");
  let o = target;
  for (const k of keys.slice(0, -1)) {
    if (!isObj(o[k])) o[k] = {};
    o = o[k] as Obj;
  }
  o[keys[keys.length - 1]!] = value;
}

function merge(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isObj(v) && isObj(out[k]) ? merge(out[k] as Obj, v) : v;
  return out;
}

function fromEnv(env: NodeJS.ProcessEnv): Obj {
  const out: Obj = {};
  for (const [path, name] of Object.entries(ENV_VARS)) {
    const v = env[name];
    if (v !== undefined && v !== "") setPath(out, path, v);
  }
  return out;
}

function readFile(path: string): Obj {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError(
      `cannot read config file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`config file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (!isObj(parsed)) throw new ConfigError(`config file ${path} must hold a JSON object`);
  return parsed;
}

/** Where loadConfig reads settings from (lowest to highest: defaults, file, environment, overrides). */
export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** JSON file; defaults to $ZKPOP_CONFIG when set. */
  file?: string;
  /** Highest precedence, for tests and embedding. */
  overrides?: Partial<ConfigInput>;
}

/** Reads and checks the configuration; ConfigError (BAD_CONFIG) names each bad setting and where to set it, never its value. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const file = options.file ?? (env.ZKPOP_CONFIG || undefined);
  let raw: Obj = file ? readFile(file) : {};
  raw = merge(raw, fromEnv(env));
  if (options.overrides) raw = merge(raw, options.overrides as Obj);
  // ZKPOP_DB_PATH alone means the embedded default.
  if (isObj(raw.db) && raw.db.kind === undefined) raw.db = { kind: "sqlite", ...raw.db };
  const result = ConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => {
    const path = i.path.join(".");
    const envName = (ENV_VARS as Record<string, string>)[path];
    const where = envName ? ` (${envName}${file ? ` or "${path}" in ${file}` : ""})` : "";
    return `${path || "(root)"}: ${i.message}${where}`;
  });
  throw new ConfigError(`invalid configuration:\n  - ${issues.join("\n  - ")}`, issues);
}

/** A copy safe to log: secrets replaced, connection-string passwords masked. */
export function redactConfig(config: Config): Record<string, unknown> {
  const out: Obj = JSON.parse(JSON.stringify(config));
  for (const k of SECRET_KEYS) if (out[k] !== undefined) out[k] = "[redacted]";
  const db = out.db as Obj;
  if (typeof db.url === "string") db.url = db.url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:[redacted]@");
  return out;
}
