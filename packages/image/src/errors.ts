import { ZkpopError } from "@zkpop/errors";

/** Codes a capture decoder can raise. */
export type CaptureErrorCode =
  | "CAPTURE_EMPTY"
  | "CAPTURE_UNSUPPORTED_FORMAT"
  | "CAPTURE_MALFORMED"
  | "CAPTURE_TRUNCATED"
  | "CAPTURE_TOO_LARGE";

/** A capture file that cannot be decoded: empty, unknown format, malformed header, truncated data, too large. */
export class CaptureDecodeError extends ZkpopError<CaptureErrorCode> {}
