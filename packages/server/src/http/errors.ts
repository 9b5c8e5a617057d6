import type { ErrorRequestHandler, RequestHandler } from "express";
import { ApiError } from "../errors.js";
import type { Logger } from "../logger.js";

export const notFound: RequestHandler = (req) => {
  throw new ApiError("NOT_FOUND", `no route for ${req.method} ${req.path}: see GET /v1/openapi.json`);
};

const SEND_JSON = "send the body as UTF-8 application/json";

/**
 * Request bodies must be UTF-8 JSON, and no larger than the limit as sent: body-parser counts
 * the limit on decompressed bytes, so without this a compressed body (or zero padding after a
 * gzip member, which gunzip skips) could be any size on the wire.
 */
export function requireJson(limitBytes: number): RequestHandler {
  return (req, _res, next) => {
    const length = Number(req.headers["content-length"] ?? 0);
    const hasBody = req.headers["transfer-encoding"] !== undefined || length > 0;
    if (!hasBody) return next();
    if (length > limitBytes)
      throw new ApiError("PAYLOAD_TOO_LARGE", `the body exceeds ${limitBytes} bytes: send a smaller one`);
    if (!req.is("application/json")) {
      const type = req.headers["content-type"];
      throw new ApiError(
        "UNSUPPORTED_MEDIA_TYPE",
        `${type ? `Content-Type ${JSON.stringify(type.slice(0, 100))} is not accepted` : "no Content-Type"}: ${SEND_JSON}`,
      );
    }
    // JSON is UTF-8 (RFC 8259); other charsets would only decode into garbage.
    const charset = /;\s*charset=("?)([^";]+)\1/i.exec(req.headers["content-type"] ?? "")?.[2];
    if (charset && !/^utf-?8$/i.test(charset))
      throw new ApiError(
        "UNSUPPORTED_MEDIA_TYPE",
        `charset ${JSON.stringify(charset.slice(0, 40))}: ${SEND_JSON}`,
      );
    next();
  };
}

/** body-parser's error types (and our body checks') -> typed API errors. */
const BODY_ERRORS: Record<string, (err: { limit?: number; encoding?: string }) => ApiError> = {
  "entity.parse.failed": () => new ApiError("INVALID_JSON", "the body is not valid JSON: fix its syntax"),
  "body.utf8.invalid": () => new ApiError("INVALID_JSON", `the body is not valid UTF-8: ${SEND_JSON}`),
  "body.key.duplicate": (e) =>
    new ApiError("INVALID_JSON", `${(e as Error).message}: send each key once (RFC 8259 section 4)`),
  "entity.too.large": (e) =>
    new ApiError(
      "PAYLOAD_TOO_LARGE",
      `the body exceeds ${e.limit ?? "the limit of"} bytes: send a smaller one`,
    ),
  "entity.verify.failed": () => new ApiError("INVALID_JSON", "the body could not be read as JSON"),
  "request.aborted": () => new ApiError("INVALID_REQUEST", "the request was aborted before its body ended"),
  "request.size.invalid": () =>
    new ApiError("INVALID_REQUEST", "the body length does not match Content-Length: send the whole body"),
  "encoding.unsupported": (e) =>
    new ApiError(
      "UNSUPPORTED_MEDIA_TYPE",
      `Content-Encoding ${JSON.stringify(e.encoding ?? "?")} is not accepted: send identity, gzip, deflate or br`,
    ),
  "charset.unsupported": () => new ApiError("UNSUPPORTED_MEDIA_TYPE", `unsupported charset: ${SEND_JSON}`),
};

/** What a 4xx from body-parser without a known type means (e.g. zlib errors of a bad body). */
function clientError(err: { status?: number; code?: unknown }): ApiError | undefined {
  if (typeof err.code === "string" && err.code.startsWith("Z_"))
    return new ApiError(
      "INVALID_REQUEST",
      "the body does not decompress with its Content-Encoding: send valid compressed data, or none",
    );
  if (err.status === 413) return new ApiError("PAYLOAD_TOO_LARGE", "the body is too large");
  if (err.status === 415) return new ApiError("UNSUPPORTED_MEDIA_TYPE", SEND_JSON);
  if (err.status !== undefined && err.status >= 400 && err.status < 500)
    return new ApiError("INVALID_REQUEST", "the request could not be read");
  return undefined;
}

/**
 * Every error leaves as { error: { code, message } }. What the client got wrong is logged at
 * info (anyone can send it: it must not flood the error log); only our own faults are errors,
 * and their internals are logged, never sent.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let api: ApiError | undefined;
    if (err instanceof ApiError) api = err;
    else {
      const e = err as { type?: unknown; status?: number; code?: unknown };
      const known = typeof e.type === "string" ? BODY_ERRORS[e.type] : undefined;
      api = known ? known(e as never) : clientError(e);
      // The router fails to decode a path parameter such as "%ff".
      if (!api && err instanceof URIError)
        api = new ApiError("INVALID_REQUEST", "malformed percent-encoding in the URL");
      if (api) logger.info({ code: api.code, cause: (err as Error).message, path: req.path }, "client error");
    }
    if (!api) {
      logger.error({ err, method: req.method, path: req.path }, "unhandled error");
      api = new ApiError("INTERNAL", "internal error: retry later; if it persists, report the x-request-id");
    }
    if (res.headersSent) return;
    if (api.code === "UNAUTHORIZED") res.setHeader("www-authenticate", 'Bearer realm="zkpop"');
    res.status(api.status).json(api.toBody());
  };
}
