import { createRequire } from "node:module";
import { CaptureDecodeError } from "../errors.js";
import type { RgbImage } from "../image.js";
import { checkDimensions } from "./limits.js";

// pngjs is CommonJS without bundled types; only PNG.sync.read is used.
const require = createRequire(import.meta.url);
const { PNG } = require("pngjs") as {
  PNG: { sync: { read(buf: Buffer): { width: number; height: number; data: Buffer } } };
};

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const IEND = [0x49, 0x45, 0x4e, 0x44];

function endsWithIend(bytes: Uint8Array): boolean {
  // The IEND chunk is: length(4) "IEND" crc(4), so its type sits 8 bytes before the end.
  const at = bytes.length - 8;
  return at >= 8 && IEND.every((b, i) => bytes[at + i] === b);
}

/**
 * Decodes any PNG (grey, palette, RGB, with alpha, 1..16 bits) to 8-bit RGB.
 * Transparent pixels are composited over black, the same background the detector sees around ORL faces.
 */
export function decodePng(bytes: Uint8Array): RgbImage {
  if (bytes.length < 8 || !PNG_SIGNATURE.every((b, i) => bytes[i] === b)) {
    throw new CaptureDecodeError("CAPTURE_UNSUPPORTED_FORMAT", "PNG: bad signature");
  }
  // Read IHDR ourselves so a huge declared size is refused before pngjs allocates it.
  if (bytes.length < 24)
    throw new CaptureDecodeError("CAPTURE_TRUNCATED", "PNG: file ends inside the header");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  checkDimensions(view.getUint32(16), view.getUint32(20), "PNG");
  if (!endsWithIend(bytes))
    throw new CaptureDecodeError("CAPTURE_TRUNCATED", "PNG: no IEND chunk at the end of the file");

  let png: { width: number; height: number; data: Buffer };
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (e) {
    throw new CaptureDecodeError("CAPTURE_MALFORMED", `PNG: ${(e as Error).message}`, { cause: e });
  }
  const n = png.width * png.height;
  const out = new Uint8Array(3 * n);
  const d = png.data;
  for (let i = 0; i < n; i++) {
    const a = d[4 * i + 3]!;
    for (let c = 0; c < 3; c++) {
      const v = d[4 * i + c]!;
      out[3 * i + c] = a === 255 ? v : Math.floor((v * a + 127) / 255);
    }
  }
  return { width: png.width, height: png.height, channels: 3, data: out };
}
