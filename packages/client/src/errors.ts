// Every code the zkpop server can answer with (GET /v1/openapi.json, "x-error-status").
export const ERROR_CODES = [
  "INVALID_JSON",
  "INVALID_REQUEST",
  "NON_CANONICAL_FIELD",
  "INVALID_PROOF",
  "CIRCUIT_MISMATCH",
  "DEPTH_MISMATCH",
  "MESSAGE_MISMATCH",
  "UNKNOWN_ROOT",
  "EXPIRED_ROOT",
  "STALE_CAPTURE",
  "UNKNOWN_ATTESTER",
  "ATTESTER_REVOKED",
  "UNAUTHORIZED",
  "FORBIDDEN",
  "SCOPE_MISMATCH",
  "NOT_FOUND",
  "METHOD_NOT_ALLOWED",
  "ALREADY_EXISTS",
  "TOO_MANY_KEYS",
  "DUPLICATE_PERSON",
  "ALREADY_MEMBER",
  "NULLIFIER_USED",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "RATE_LIMITED",
  "HEADERS_TOO_LARGE",
  "INTERNAL",
  "NOT_READY",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The server refused the request. Branch on `code` (a discriminated union, so
 * `if (e.code === "NULLIFIER_USED")` narrows); `message` is for people.
 */
export class ZkpopApiError<C extends ErrorCode = ErrorCode> extends Error {
  override readonly name = "ZkpopApiError";

  constructor(
    readonly code: C,
    message: string,
    readonly status: number,
    /** x-request-id of the response, to find it in the server's logs. */
    readonly requestId?: string,
  ) {
    super(message);
  }
}

/** No usable answer: connection refused, timeout, or a body that is not a zkpop response. */
export class ZkpopTransportError extends Error {
  override readonly name = "ZkpopTransportError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Type guard, optionally for one code: `if (isApiError(e, "NULLIFIER_USED")) ...`. */
export function isApiError<C extends ErrorCode>(e: unknown, code?: C): e is ZkpopApiError<C> {
  return e instanceof ZkpopApiError && (code === undefined || e.code === code);
}

export function isErrorCode(v: unknown): v is ErrorCode {
  return typeof v === "string" && (ERROR_CODES as readonly string[]).includes(v);
}
