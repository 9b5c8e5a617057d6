import { CaptureDecodeError } from "../errors.js";

/** Refuse absurd dimensions before allocating: a capture is a face photo, not a panorama. */
export const MAX_CAPTURE_PIXELS = 40_000_000;

export function checkDimensions(width: number, height: number, what: string): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new CaptureDecodeError("CAPTURE_MALFORMED", `${what}: invalid dimensions ${width}x${height}`);
  }
  if (width * height > MAX_CAPTURE_PIXELS) {
    throw new CaptureDecodeError(
      "CAPTURE_TOO_LARGE",
      `${what}: ${width}x${height} exceeds the ${MAX_CAPTURE_PIXELS}-pixel limit`,
    );
  }
}
