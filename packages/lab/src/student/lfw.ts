/**
 * Unlabelled extra faces for distillation: scikit-image's `lfw_subset.npy` (Debian package
 * python3-skimage; 100 LFW face crops + 100 non-face patches, 25x25, float64 in 0..1). We keep the
 * faces as bytes in data/lfw-subset-25.bin and their aligned 32x32 crops + teacher descriptors in
 * a crop cache (data/lfw-faces-32.{bin,json}); the points there are in 25x25 source pixels.
 */
import { ZkpopError } from "@zkpop/errors";
import type { GrayImage } from "@zkpop/image";

export const LFW_CREDIT =
  "LFW (Labeled Faces in the Wild, G. B. Huang, M. Ramesh, T. Berg, E. Learned-Miller, UMass Amherst, 2007), " +
  "25x25 subset as shipped in scikit-image (skimage/data/lfw_subset.npy, BSD-3-Clause, Debian python3-skimage; " +
  "Huang, Mattar, Lee & Learned-Miller, 'Learning to align from scratch', NIPS 2012)";
export const LFW_SIDE = 25;
export const LFW_FACES = 100;
export const DEFAULT_LFW_NPY = "/usr/lib/python3/dist-packages/skimage/data/lfw_subset.npy";

/** Parses a little-endian float64 C-order .npy of shape (n, h, w) into grey bytes (round(255 x)). */
export function parseNpyGray(buf: Uint8Array): GrayImage[] {
  const magic = String.fromCharCode(...buf.subarray(1, 6));
  if (buf[0] !== 0x93 || magic !== "NUMPY") throw new ZkpopError("DATASET_MALFORMED", "not a .npy file");
  const major = buf[6]!;
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const hlen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const hstart = major === 1 ? 10 : 12;
  const header = new TextDecoder().decode(buf.subarray(hstart, hstart + hlen));
  if (!header.includes("'<f8'") || header.includes("'fortran_order': True"))
    throw new ZkpopError("DATASET_MALFORMED", `unsupported .npy header ${header}`);
  const shape = /'shape': \((\d+), (\d+), (\d+)\)/.exec(header);
  if (!shape) throw new ZkpopError("DATASET_MALFORMED", `expected a 3-D array, header ${header}`);
  const [n, h, w] = [Number(shape[1]), Number(shape[2]), Number(shape[3])];
  const off = hstart + hlen;
  const out: GrayImage[] = [];
  for (let i = 0; i < n; i++) {
    const data = new Uint8Array(h * w);
    for (let k = 0; k < h * w; k++)
      data[k] = Math.max(0, Math.min(255, Math.round(255 * dv.getFloat64(off + 8 * (i * h * w + k), true))));
    out.push({ width: w, height: h, data });
  }
  return out;
}

/** Bilinear upscale by an integer factor (pixel i spans [i, i+1) in both images), for the detector. */
export function upscaleGray(img: GrayImage, f: number): GrayImage {
  const W = img.width * f,
    H = img.height * f;
  const out = new Uint8Array(W * H);
  const px = (x: number, y: number) =>
    img.data[Math.min(img.height - 1, Math.max(0, y)) * img.width + Math.min(img.width - 1, Math.max(0, x))]!;
  for (let y = 0; y < H; y++) {
    const sy = (y + 0.5) / f - 0.5,
      y0 = Math.floor(sy),
      wy = sy - y0;
    for (let x = 0; x < W; x++) {
      const sx = (x + 0.5) / f - 0.5,
        x0 = Math.floor(sx),
        wx = sx - x0;
      const top = px(x0, y0) * (1 - wx) + px(x0 + 1, y0) * wx;
      const bot = px(x0, y0 + 1) * (1 - wx) + px(x0 + 1, y0 + 1) * wx;
      out[y * W + x] = Math.round(top * (1 - wy) + bot * wy);
    }
  }
  return { width: W, height: H, data: out };
}
