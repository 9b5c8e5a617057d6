import type { RequestHandler } from "express";
import { ipKeyGenerator, rateLimit } from "express-rate-limit";
import { ApiError } from "../errors.js";
import { serviceOf } from "./auth.js";

// One limit per call, by who is calling: public and admin routes count per client address,
// relying-service routes per relying service (all its keys together), so a service's backend
// behind one address gets its own quota, not the address's. In-memory counters: limits hold
// per replica (a shared store would be needed for global ones).
const limited = (what: string): Parameters<typeof rateLimit>[0] => ({
  standardHeaders: "draft-8",
  legacyHeaders: false,
  handler: (_req, res, _next, options) => {
    const seconds = Math.ceil(options.windowMs / 1000);
    res
      .status(429)
      .json(
        new ApiError(
          "RATE_LIMITED",
          `more than ${options.limit} requests in ${seconds} s ${what}: retry after the RateLimit-Reset seconds`,
        ).toBody(),
      );
  },
});

export function perIpLimit(windowMs: number, limit: number): RequestHandler {
  return rateLimit({
    ...limited("from this address"),
    windowMs,
    limit,
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? "unknown"),
  });
}

/** Runs after the API key is checked, so the count is the relying service's, not the caller's address. */
export function perServiceLimit(windowMs: number, limit: number): RequestHandler {
  return rateLimit({
    ...limited("for this relying service"),
    windowMs,
    limit,
    keyGenerator: (_req, res) => `rp:${serviceOf(res).rpId}`,
  });
}
