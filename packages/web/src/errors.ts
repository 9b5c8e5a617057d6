/** Errors @zkpop/web throws on purpose: a stable `code` for programs, a message for people. */
export class WebError extends Error {
  constructor(
    readonly code: WebErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "WebError";
  }
}

export type WebErrorCode =
  | "ARTIFACT_HASH_MISMATCH"
  | "ARTIFACT_FETCH_FAILED"
  | "ARTIFACT_NOT_LOADED"
  | "PROOF_CANCELLED"
  | "WITNESS_FAILED"
  | "PROOF_FAILED"
  | "WORKER_FAILED"
  | "NOT_A_MEMBER"
  | "SCOPE_INVALID"
  | "GROUP_MOVED"
  | "REGISTRY_ERROR";

/** Rebuilds a typed error from what the worker posted (errors do not cross postMessage with their class). */
export function errorFromWorker(code: string, message: string): WebError {
  return new WebError(code as WebErrorCode, message);
}
