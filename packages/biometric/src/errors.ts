import { ZkpopError } from "@zkpop/prover";

/** Errors thrown on purpose by @zkpop/biometric: `ZkpopError`s with a stable `code`. */
export class BiometricError extends ZkpopError {}

/** Codes a capture decoder can raise. */
export type CaptureErrorCode =
  | "CAPTURE_EMPTY"
  | "CAPTURE_UNSUPPORTED_FORMAT"
  | "CAPTURE_MALFORMED"
  | "CAPTURE_TRUNCATED"
  | "CAPTURE_TOO_LARGE";

/** A capture file that cannot be decoded: empty, unknown format, malformed header, truncated data, too large. */
export class CaptureDecodeError extends BiometricError {
  constructor(
    override readonly code: CaptureErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** The detector found no face in the capture. */
export class FaceNotFoundError extends BiometricError {
  constructor(message = "no face was found in the capture") {
    super("FACE_NOT_FOUND", message);
  }
}

/** Bad arguments to an alignment, teacher or evaluation call (wrong sizes, too few pairs, ...). */
export class BiometricInputError extends BiometricError {
  constructor(message: string) {
    super("BIOMETRIC_BAD_INPUT", message);
  }
}
