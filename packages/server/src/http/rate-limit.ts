import type { RequestHandler } from "express";
import { ipKeyGenerator, rateLimit } from "express-rate-limit";
import { ApiError } from "../errors.js";
import { serviceOf } from "./auth.js";

// In-memory counters: limits hold per replica (a shared store would be needed for global ones).
const limited: Parameters<typeof rateLimit>[0] = {
  standardHeaders: "draft-8",
  legacyHeaders: false,
  handler: (_req, res) => {
    res.status(429).json(new ApiError("RATE_LIMITED", "too many requests, retry later").toBody());
  },
};

export function perIpLimit(windowMs: number, limit: number, skipPaths: readonly string[]): RequestHandler {
  return rateLimit({
    ...limited,
    windowMs,
    limit,
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? "unknown"),
    skip: (req) => skipPaths.includes(req.path),
  });
}

/** Runs after requireApiKey, so the key is the relying service, not the caller's address. */
export function perApiKeyLimit(windowMs: number, limit: number): RequestHandler {
  return rateLimit({ ...limited, windowMs, limit, keyGenerator: (_req, res) => `rp:${serviceOf(res).rpId}` });
}
