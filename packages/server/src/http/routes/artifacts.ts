import { Router } from "express";
import { ApiError } from "../../errors.js";
import type { AppContext } from "../context.js";

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * GET/HEAD /v1/artifacts/<sha256>: the files devices prove with, by content. A URL never
 * changes content, so caches may keep it for good; any origin may fetch it (browsers).
 */
export function artifactRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get("/v1/artifacts/:sha256", (req, res, next) => {
    const hash = req.params.sha256 ?? "";
    if (!SHA256.test(hash))
      throw new ApiError(
        "INVALID_REQUEST",
        "an artifact is addressed by its SHA-256: 64 lower-case hex digits",
      );
    const a = ctx.artifacts.byHash.get(hash);
    if (!a)
      throw new ApiError(
        "NOT_FOUND",
        "this registry serves no artifact with that SHA-256: see GET /v1/info, artifacts",
      );
    const etag = `"${a.sha256}"`;
    res.set({
      "cache-control": "public, max-age=31536000, immutable",
      etag,
      "access-control-allow-origin": "*",
      "access-control-expose-headers": "etag, content-length",
      "cross-origin-resource-policy": "cross-origin",
    });
    const match = req.headers["if-none-match"];
    if (match?.split(",").some((t) => t.trim().replace(/^W\//, "") === etag)) {
      res.status(304).end();
      return;
    }
    res.type(a.mediaType);
    // send streams the file and answers Range requests; our headers above stay. dotfiles: the
    // default home is ./.zkpop, and send would answer 404 for any path through a dot folder.
    res.sendFile(
      a.path,
      { etag: false, lastModified: false, cacheControl: false, acceptRanges: true, dotfiles: "allow" },
      (err) => {
        if (err && !res.headersSent) next(err);
      },
    );
  });
  return r;
}
