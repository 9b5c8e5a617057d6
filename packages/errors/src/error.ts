import { type ErrorCode, httpStatus, isErrorCode } from "./codes.js";

/**
 * Base class of every error zkpop throws on purpose: a stable `code` for programs (one of
 * ERROR_TABLE's), a message for people, and the HTTP status a server answers it with.
 */
export class ZkpopError<C extends ErrorCode = ErrorCode> extends Error {
  /** The HTTP status: the table's for this code, or the one a response actually carried. */
  readonly status: number;

  constructor(
    readonly code: C,
    message: string,
    options?: { cause?: unknown; status?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.status = options?.status ?? httpStatus(code);
  }
}

/** Type guard, optionally for one code: `if (isZkpopError(e, "NULLIFIER_USED")) ...`. */
export function isZkpopError<C extends ErrorCode>(e: unknown, code?: C): e is ZkpopError<C> {
  return e instanceof ZkpopError && (code === undefined || e.code === code);
}

/** A bad argument to a function: out of its range, of the wrong shape or size. */
export class ArgumentError extends ZkpopError<"BAD_ARGUMENT"> {
  constructor(message: string) {
    super("BAD_ARGUMENT", message);
  }
}

/**
 * The code of an error that crossed a process boundary (a child's message): the code when it is
 * one of the table's, else `fallback`, so a foreign string never becomes a code.
 */
export function codeOf(v: unknown, fallback: ErrorCode): ErrorCode {
  return isErrorCode(v) ? v : fallback;
}
