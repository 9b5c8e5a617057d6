import type { RequestHandler } from "express";
import { ApiError } from "../errors.js";

/**
 * 405 with `Allow` for a path the API has under another method (and 204 + `Allow` for
 * OPTIONS). The table comes from the OpenAPI document's paths, so it cannot drift from it.
 */
export function methodNotAllowed(paths: Record<string, object>): RequestHandler {
  const table = Object.entries(paths).map(([template, operations]) => {
    const pattern = template
      .split(/\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))
      .join("[^/]+");
    const methods = Object.keys(operations).map((m) => m.toUpperCase());
    // Express answers HEAD wherever it answers GET.
    const allow = methods.flatMap((m) => (m === "GET" ? ["GET", "HEAD"] : [m]));
    return { re: new RegExp(`^${pattern}/?$`, "i"), allow };
  });
  return (req, res, next) => {
    const hit = table.find((t) => t.re.test(req.path));
    if (!hit || hit.allow.includes(req.method)) return next();
    res.setHeader("allow", [...hit.allow, "OPTIONS"].join(", "));
    if (req.method === "OPTIONS") {
      res.status(204).end();
      return;
    }
    throw new ApiError(
      "METHOD_NOT_ALLOWED",
      `${req.method} is not allowed on ${req.path}: use ${hit.allow.filter((m) => m !== "HEAD").join(" or ")}`,
    );
  };
}
