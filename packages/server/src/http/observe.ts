import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";
import type { Logger } from "../logger.js";
import type { Metrics } from "../metrics.js";

/** One log line and metrics per request; headers are not logged (they carry credentials). */
export function observe(logger: Logger, metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    const start = process.hrtime.bigint();
    const id = randomUUID();
    res.setHeader("x-request-id", id);
    res.on("finish", () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      // Matched route pattern, not the raw URL, so labels stay bounded.
      const route = req.route ? `${req.baseUrl}${req.route.path}` : "unmatched";
      metrics.httpRequests.inc({ route, method: req.method, status: String(res.statusCode) });
      metrics.httpDuration.observe({ route, method: req.method }, seconds);
      logger.info(
        { reqId: id, method: req.method, route, status: res.statusCode, ms: Math.round(seconds * 1e4) / 10 },
        "request",
      );
    });
    next();
  };
}
