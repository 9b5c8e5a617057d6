// Every error the API can return, each with its own code and HTTP status, so clients can
// branch on `error.code` and never have to parse messages.
export const ERROR_STATUS = {
  INVALID_JSON: 400,
  INVALID_REQUEST: 400,
  NON_CANONICAL_FIELD: 400,
  INVALID_PROOF: 400,
  CIRCUIT_MISMATCH: 400,
  DEPTH_MISMATCH: 400,
  MESSAGE_MISMATCH: 400,
  UNKNOWN_ROOT: 400,
  EXPIRED_ROOT: 400,
  STALE_CAPTURE: 400,
  UNKNOWN_ATTESTER: 400,
  ATTESTER_REVOKED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  SCOPE_MISMATCH: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  ALREADY_EXISTS: 409,
  TOO_MANY_KEYS: 409,
  DUPLICATE_PERSON: 409,
  ALREADY_MEMBER: 409,
  NULLIFIER_USED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL: 500,
  NOT_READY: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = ERROR_STATUS[code];
  }

  toBody(): { error: { code: ErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}
