import { CaptureDecodeError } from "../errors.js";
import { type GrayImage, type RgbImage, rgbToGray } from "../image.js";
import { decodeJpeg } from "./jpeg.js";
import { decodePgm } from "./pgm.js";
import { decodePng, PNG_SIGNATURE } from "./png.js";

export type CaptureFormat = "pgm" | "png" | "jpeg";

/** A decoded capture: always grey (what the circuit takes); RGB too when the source had colour. */
export interface DecodedCapture {
  format: CaptureFormat;
  gray: GrayImage;
  rgb: RgbImage | null;
}

/** Identifies the format by its magic bytes, never by file name. */
export function sniffFormat(bytes: Uint8Array): CaptureFormat | null {
  if (bytes.length >= 2 && bytes[0] === 0x50 && (bytes[1] === 0x35 || bytes[1] === 0x32)) return "pgm";
  if (bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return "png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
  return null;
}

/** Decodes a PGM (P5/P2), PNG or JPEG capture. Throws CaptureDecodeError with a `code`. */
export function decodeCapture(bytes: Uint8Array): DecodedCapture {
  if (bytes.length === 0) throw new CaptureDecodeError("CAPTURE_EMPTY", "the capture is empty");
  const format = sniffFormat(bytes);
  switch (format) {
    case "pgm":
      return { format, gray: decodePgm(bytes), rgb: null };
    case "png":
    case "jpeg": {
      const rgb = format === "png" ? decodePng(bytes) : decodeJpeg(bytes);
      return { format, gray: rgbToGray(rgb), rgb };
    }
    default:
      throw new CaptureDecodeError(
        "CAPTURE_UNSUPPORTED_FORMAT",
        "the capture is not a PGM, PNG or JPEG file",
      );
  }
}

export { decodeJpeg, decodePgm, decodePng };
