import jpeg from "jpeg-js";
import { CaptureDecodeError } from "../errors.js";
import type { RgbImage } from "../image.js";
import { MAX_CAPTURE_PIXELS } from "./limits.js";

/** A complete JPEG ends with the EOI marker (FF D9); some writers append a few padding bytes. */
function hasEoi(bytes: Uint8Array): boolean {
  for (let i = bytes.length - 2; i >= Math.max(2, bytes.length - 64); i--) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
  }
  return false;
}

/** Decodes baseline and progressive JPEG (grey or colour) to 8-bit RGB. */
export function decodeJpeg(bytes: Uint8Array): RgbImage {
  if (bytes.length < 3 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff) {
    throw new CaptureDecodeError("CAPTURE_UNSUPPORTED_FORMAT", "JPEG: no SOI marker");
  }
  if (!hasEoi(bytes))
    throw new CaptureDecodeError("CAPTURE_TRUNCATED", "JPEG: no EOI marker at the end of the file");
  let img: { width: number; height: number; data: Uint8Array };
  try {
    img = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      // A damaged stream is an error, not a half-grey face.
      tolerantDecoding: false,
      maxResolutionInMP: MAX_CAPTURE_PIXELS / 1e6,
      maxMemoryUsageInMB: 1024,
    });
  } catch (e) {
    const msg = (e as Error).message ?? String(e);
    const tooLarge = /maxResolutionInMP|maxMemoryUsage/i.test(msg);
    throw new CaptureDecodeError(tooLarge ? "CAPTURE_TOO_LARGE" : "CAPTURE_MALFORMED", `JPEG: ${msg}`, {
      cause: e,
    });
  }
  if (img.data.length !== 3 * img.width * img.height) {
    throw new CaptureDecodeError("CAPTURE_MALFORMED", "JPEG: decoder returned an unexpected pixel layout");
  }
  return { width: img.width, height: img.height, channels: 3, data: img.data };
}
