import { type ErrorCode, ZkpopError } from "@zkpop/errors";

export { ERROR_CODES, type ErrorCode, httpStatus, isErrorCode } from "@zkpop/errors";

/**
 * The server refused the request. Branch on `code` (a discriminated union, so
 * `if (e.code === "NULLIFIER_USED")` narrows); `message` is for people; `status` is the
 * response's HTTP status.
 */
export class ZkpopApiError<C extends ErrorCode = ErrorCode> extends ZkpopError<C> {
  constructor(
    code: C,
    message: string,
    status: number,
    /** x-request-id of the response, to find it in the server's logs. */
    readonly requestId?: string,
  ) {
    super(code, message, { status });
  }
}

/** No usable answer: connection refused, timeout, or a body that is not a zkpop response. */
export class ZkpopTransportError extends ZkpopError<"TRANSPORT_FAILED"> {
  constructor(message: string, options?: { cause?: unknown }) {
    super("TRANSPORT_FAILED", message, options);
  }
}

/** Type guard, optionally for one code: `if (isApiError(e, "NULLIFIER_USED")) ...`. */
export function isApiError<C extends ErrorCode>(e: unknown, code?: C): e is ZkpopApiError<C> {
  return e instanceof ZkpopApiError && (code === undefined || e.code === code);
}
