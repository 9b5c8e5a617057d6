import type { RequestHandler, Response } from "express";
import { hashApiKey, safeEqual } from "../crypto.js";
import { ApiError } from "../errors.js";
import type { RelyingServiceRecord, Storage } from "../storage/types.js";

function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer ([\x21-\x7e]{1,512})$/.exec(header ?? "");
  return m?.[1];
}

/** Admin API: bearer admin token; disabled altogether when no token is configured. */
export function requireAdmin(adminToken: string | undefined): RequestHandler {
  return (req, _res, next) => {
    if (!adminToken) throw new ApiError("FORBIDDEN", "the admin API is disabled (no admin token configured)");
    const token = bearer(req.headers.authorization);
    if (!token || !safeEqual(token, adminToken))
      throw new ApiError("UNAUTHORIZED", "missing or invalid admin token");
    next();
  };
}

/** Relying-service API: bearer API key, looked up by its hash; revoked keys are refused. */
export function requireApiKey(storage: Storage): RequestHandler {
  return async (req, res, next) => {
    const key = bearer(req.headers.authorization);
    if (!key) throw new ApiError("UNAUTHORIZED", "missing API key (Authorization: Bearer <key>)");
    const service = await storage.findRelyingServiceByKeyHash(hashApiKey(key));
    if (!service) throw new ApiError("UNAUTHORIZED", "unknown or revoked API key");
    res.locals.service = service;
    next();
  };
}

export function serviceOf(res: Response): RelyingServiceRecord {
  const s = res.locals.service as RelyingServiceRecord | undefined;
  if (!s) throw new Error("requireApiKey must run first");
  return s;
}
