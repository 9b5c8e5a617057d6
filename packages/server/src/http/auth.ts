import { ZkpopError } from "@zkpop/errors";
import type { RequestHandler, Response } from "express";
import { hashApiKey, safeEqual } from "../crypto.js";
import { ApiError } from "../errors.js";
import type { RelyingServiceRecord, Storage } from "../storage/types.js";

/** The credential of `Authorization: Bearer <token>`; the scheme is case-insensitive (RFC 9110 11.1). */
export function bearer(header: string | undefined): string | undefined {
  return /^bearer +([\x21-\x7e]{1,512})$/i.exec(header ?? "")?.[1];
}

/** Admin API: bearer admin token; disabled altogether when no token is configured. */
export function requireAdmin(adminToken: string | undefined): RequestHandler {
  return (req, _res, next) => {
    if (!adminToken)
      throw new ApiError("FORBIDDEN", "the admin API is disabled: configure adminToken (ZKPOP_ADMIN_TOKEN)");
    const token = bearer(req.headers.authorization);
    if (!token || !safeEqual(token, adminToken))
      throw new ApiError(
        "UNAUTHORIZED",
        "missing or invalid admin token: send Authorization: Bearer <admin token>",
      );
    next();
  };
}

/**
 * Relying-service routes: the bearer API key, looked up by its hash (revoked or expired keys
 * are refused), then the service's own rate limit. A call without a valid key counts against
 * its address's limit instead, so guessing keys is limited like any public call.
 */
export function requireApiKey(
  storage: Storage,
  perService: RequestHandler,
  perIp: RequestHandler,
): RequestHandler {
  return async (req, res, next) => {
    const key = bearer(req.headers.authorization);
    const service = key ? await storage.findRelyingServiceByKeyHash(hashApiKey(key)) : undefined;
    if (!service) {
      const refuse = () =>
        next(
          new ApiError(
            "UNAUTHORIZED",
            key
              ? "unknown, retired or revoked API key: use an active key of your relying service"
              : "missing API key: send Authorization: Bearer <API key>",
          ),
        );
      return perIp(req, res, refuse);
    }
    res.locals.service = service;
    return perService(req, res, next);
  };
}

export function serviceOf(res: Response): RelyingServiceRecord {
  const s = res.locals.service as RelyingServiceRecord | undefined;
  if (!s) throw new ZkpopError("INTERNAL", "requireApiKey must run first");
  return s;
}
