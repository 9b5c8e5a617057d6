/** In-memory image types shared by the decoders, the detector and the aligner. */

/** One byte a pixel, row-major, `data.length === width * height`. */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Three interleaved bytes a pixel (R, G, B), row-major, `data.length === 3 * width * height`. */
export interface RgbImage {
  width: number;
  height: number;
  channels: 3;
  data: Uint8Array;
}

/** What the detector accepts: grey (replicated to RGB for the network) or colour. */
export type AnyImage = GrayImage | RgbImage;

export function isRgb(img: AnyImage): img is RgbImage {
  return (img as RgbImage).channels === 3;
}

/** ITU-R BT.601 luma in integers, so every platform gets the same bytes. */
export function rgbToGray(img: RgbImage): GrayImage {
  const n = img.width * img.height;
  const out = new Uint8Array(n);
  const d = img.data;
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    out[i] = Math.floor((299 * d[j]! + 587 * d[j + 1]! + 114 * d[j + 2]! + 500) / 1000);
  }
  return { width: img.width, height: img.height, data: out };
}

/** Grey replicated into three channels (the face-api networks take RGB). */
export function grayToRgb(img: GrayImage): RgbImage {
  const n = img.width * img.height;
  const out = new Uint8Array(3 * n);
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    const v = img.data[i]!;
    out[j] = v;
    out[j + 1] = v;
    out[j + 2] = v;
  }
  return { width: img.width, height: img.height, channels: 3, data: out };
}

export function toRgb(img: AnyImage): RgbImage {
  return isRgb(img) ? img : grayToRgb(img);
}

/**
 * Adds a constant border (black by default) on every side. ORL faces fill the frame, and the
 * SSD detector only finds them once they have some background around them.
 */
export function padImage<T extends AnyImage>(img: T, border: number, value = 0): T {
  const c = isRgb(img) ? 3 : 1;
  const w = img.width + 2 * border;
  const h = img.height + 2 * border;
  const out = new Uint8Array(w * h * c).fill(value);
  const rowBytes = img.width * c;
  for (let y = 0; y < img.height; y++) {
    out.set(img.data.subarray(y * rowBytes, (y + 1) * rowBytes), ((y + border) * w + border) * c);
  }
  return { ...img, width: w, height: h, data: out };
}
