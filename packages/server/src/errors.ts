import { httpStatus, ZkpopError, type ErrorCode as ZkpopErrorCode } from "@zkpop/errors";

// The server's errors are the project's one error model (@zkpop/errors): the same codes, the
// same statuses. This is the subset the server can send, each with the status it answers;
// the server README's error table lists exactly these (a test checks it).
/** The codes the server can answer with (a subset of @zkpop/errors' table, same statuses). */
export const SERVER_ERROR_CODES = [
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
] as const satisfies readonly ZkpopErrorCode[];

/** A code the server can send. */
export type ErrorCode = (typeof SERVER_ERROR_CODES)[number];

/** HTTP status of each code the server sends (from the project's table). */
export const ERROR_STATUS = Object.fromEntries(SERVER_ERROR_CODES.map((c) => [c, httpStatus(c)])) as {
  readonly [C in ErrorCode]: number;
};

/** A refusal the server sends as `{ error: { code, message } }` with the code's status. */
export class ApiError<C extends ErrorCode = ErrorCode> extends ZkpopError<C> {
  toBody(): { error: { code: C; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}
