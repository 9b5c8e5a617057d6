import { type DestinationStream, type Logger, pino } from "pino";

// Everything that could carry a secret is censored wherever it appears in a log object:
// request auth headers, the pepper, admin tokens and API keys (which are shown to the
// admin once, in the HTTP response, and never written anywhere else).
/** Log paths censored wherever they appear: auth headers, the pepper, admin tokens and API keys. */
export const REDACT_PATHS = [
  "req.headers.authorization",
  'req.headers["x-api-key"]',
  "req.headers.cookie",
  "headers.authorization",
  "pepper",
  "*.pepper",
  "config.pepper",
  "adminToken",
  "*.adminToken",
  "apiKey",
  "*.apiKey",
  "config.adminToken",
  "config.db.url",
];

/** A pino logger at `level` that censors REDACT_PATHS. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "zkpop-server" },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
    },
    destination,
  );
}

export type { Logger };
