import type { ErrorRequestHandler, RequestHandler } from "express";
import { ApiError } from "../errors.js";
import type { Logger } from "../logger.js";

export const notFound: RequestHandler = (req) => {
  throw new ApiError("NOT_FOUND", `no route for ${req.method} ${req.path}`);
};

/** Request bodies must be JSON; anything else is refused before any handler sees it. */
export const requireJson: RequestHandler = (req, _res, next) => {
  const hasBody =
    req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0;
  if (hasBody && !req.is("application/json")) {
    throw new ApiError("UNSUPPORTED_MEDIA_TYPE", "send the body as application/json");
  }
  // JSON is UTF-8 (RFC 8259); other charsets would only decode into garbage.
  const charset = /;\s*charset=("?)([^";]+)\1/i.exec(req.headers["content-type"] ?? "")?.[2];
  if (hasBody && charset && !/^utf-?8$/i.test(charset))
    throw new ApiError("UNSUPPORTED_MEDIA_TYPE", "the body must be UTF-8 JSON");
  next();
};

// body-parser error types -> our codes.
const BODY_ERRORS: Record<string, ApiError> = {
  "entity.parse.failed": new ApiError("INVALID_JSON", "the body is not valid JSON"),
  "entity.too.large": new ApiError("PAYLOAD_TOO_LARGE", "the body is too large"),
  "entity.verify.failed": new ApiError("INVALID_JSON", "the body could not be read"),
  "request.aborted": new ApiError("INVALID_REQUEST", "the request was aborted"),
  "request.size.invalid": new ApiError("INVALID_REQUEST", "the body length does not match Content-Length"),
  "encoding.unsupported": new ApiError("UNSUPPORTED_MEDIA_TYPE", "unsupported content encoding"),
  "charset.unsupported": new ApiError("UNSUPPORTED_MEDIA_TYPE", "unsupported charset"),
  "stream.encoding.set": new ApiError("INTERNAL", "internal error"),
};

/** Every error leaves as { error: { code, message } }; internals are logged, never sent. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let api: ApiError;
    if (err instanceof ApiError) api = err;
    else {
      const type = (err as { type?: unknown }).type;
      const known = typeof type === "string" ? BODY_ERRORS[type] : undefined;
      if (known) api = known;
      // The router fails to decode a path parameter such as "%ff".
      else if (err instanceof URIError)
        api = new ApiError("INVALID_REQUEST", "malformed percent-encoding in the URL");
      else {
        logger.error({ err, method: req.method, path: req.path }, "unhandled error");
        api = new ApiError("INTERNAL", "internal error");
      }
    }
    if (res.headersSent) return;
    if (api.code === "UNAUTHORIZED") res.setHeader("www-authenticate", 'Bearer realm="zkpop"');
    res.status(api.status).json(api.toBody());
  };
}
