import { CaptureDecodeError } from "../errors.js";
import type { GrayImage } from "../image.js";
import { checkDimensions } from "./limits.js";

const isSpace = (b: number) =>
  b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0b || b === 0x0c;

/** Reads whitespace-separated ASCII tokens, skipping `#` comments (Netpbm header rules). */
class TokenReader {
  pos: number;
  constructor(
    private readonly bytes: Uint8Array,
    start: number,
  ) {
    this.pos = start;
  }

  next(what: string): string {
    const b = this.bytes;
    for (;;) {
      while (this.pos < b.length && isSpace(b[this.pos]!)) this.pos++;
      if (this.pos < b.length && b[this.pos] === 0x23) {
        while (this.pos < b.length && b[this.pos] !== 0x0a && b[this.pos] !== 0x0d) this.pos++;
        continue;
      }
      break;
    }
    const start = this.pos;
    while (this.pos < b.length && !isSpace(b[this.pos]!) && b[this.pos] !== 0x23) this.pos++;
    if (start === this.pos)
      throw new CaptureDecodeError("CAPTURE_TRUNCATED", `PGM: file ends before the ${what}`);
    let s = "";
    for (let i = start; i < this.pos; i++) s += String.fromCharCode(b[i]!);
    return s;
  }

  int(what: string, min: number, max: number): number {
    const tok = this.next(what);
    if (!/^\d+$/.test(tok))
      throw new CaptureDecodeError(
        "CAPTURE_MALFORMED",
        `PGM: ${what} is not an integer: "${tok.slice(0, 20)}"`,
      );
    const v = Number(tok);
    if (v < min || v > max)
      throw new CaptureDecodeError("CAPTURE_MALFORMED", `PGM: ${what} ${v} is outside ${min}..${max}`);
    return v;
  }
}

/** maxval other than 255 is rescaled to 0..255 with rounding, so the crop is always one byte a pixel. */
function rescale(v: number, maxval: number): number {
  return maxval === 255 ? v : Math.floor((v * 255 + (maxval >> 1)) / maxval);
}

/** Decodes binary (P5) and ASCII (P2) PGM, 8- or 16-bit, to 8-bit grey. */
export function decodePgm(bytes: Uint8Array): GrayImage {
  if (bytes.length < 2 || bytes[0] !== 0x50 || (bytes[1] !== 0x35 && bytes[1] !== 0x32)) {
    throw new CaptureDecodeError("CAPTURE_UNSUPPORTED_FORMAT", "PGM: magic number is not P5 or P2");
  }
  const binary = bytes[1] === 0x35;
  const r = new TokenReader(bytes, 2);
  const width = r.int("width", 1, Number.MAX_SAFE_INTEGER);
  const height = r.int("height", 1, Number.MAX_SAFE_INTEGER);
  checkDimensions(width, height, "PGM");
  const maxval = r.int("maxval", 1, 65535);
  const n = width * height;
  const data = new Uint8Array(n);

  if (binary) {
    // Exactly one whitespace byte separates maxval from the raster.
    if (r.pos >= bytes.length || !isSpace(bytes[r.pos]!)) {
      throw new CaptureDecodeError("CAPTURE_TRUNCATED", "PGM: no raster after the header");
    }
    const start = r.pos + 1;
    const bpp = maxval < 256 ? 1 : 2;
    const need = n * bpp;
    if (bytes.length - start < need) {
      throw new CaptureDecodeError(
        "CAPTURE_TRUNCATED",
        `PGM: raster has ${bytes.length - start} bytes, expected ${need}`,
      );
    }
    for (let i = 0; i < n; i++) {
      const v = bpp === 1 ? bytes[start + i]! : (bytes[start + 2 * i]! << 8) | bytes[start + 2 * i + 1]!;
      if (v > maxval)
        throw new CaptureDecodeError("CAPTURE_MALFORMED", `PGM: sample ${v} exceeds maxval ${maxval}`);
      data[i] = rescale(v, maxval);
    }
  } else {
    for (let i = 0; i < n; i++) data[i] = rescale(r.int(`sample ${i}`, 0, maxval), maxval);
  }
  return { width, height, data };
}
