/**
 * Training-time augmentation, deterministic for a given Rng state. Geometry is re-cut from the
 * source image with jittered landmarks (alignFace, the deployment crop path), so the student
 * sees the detector's real wobble rather than a resampled crop; then illumination (gain, bias,
 * gamma, a lighting ramp), blur and sensor noise, rounded to bytes like a real capture.
 */

import type { FivePoints } from "@zkpop/image";
import { DEFAULT_PADDING, templatePoints } from "@zkpop/image";
import type { Rng } from "./prng.js";

export interface AugmentOptions {
  size: number;
  padding: number;
  /** Max rotation, degrees. */
  rotateDeg: number;
  /** Max relative scale change (0.07 = +-7 %). */
  scale: number;
  /** Max shift in output pixels. */
  shiftPx: number;
  /** Per-landmark noise, output pixels (std). */
  landmarkNoisePx: number;
  /** Contrast gain range (log-uniform within [1/g, g]). */
  gain: number;
  /** Max brightness offset, grey levels. */
  bias: number;
  /** Gamma in [exp(-g), exp(g)]. */
  gamma: number;
  /** Probability and max amplitude (grey levels) of a linear lighting ramp. */
  rampProb: number;
  ramp: number;
  /** Probability of a blur, mixed in at a random strength. */
  blurProb: number;
  /** Max Gaussian noise std, grey levels. */
  noise: number;
}

export const DEFAULT_AUGMENT: AugmentOptions = {
  size: 32,
  padding: DEFAULT_PADDING,
  rotateDeg: 8,
  scale: 0.07,
  shiftPx: 1.5,
  landmarkNoisePx: 0.3,
  gain: 1.4,
  bias: 30,
  gamma: 0.35,
  rampProb: 0.3,
  ramp: 40,
  blurProb: 0.3,
  noise: 6,
};

/**
 * Moves the landmarks by a random similarity about their centroid (plus per-point noise), so the
 * crop cut from them is rotated/scaled/shifted. Shifts are given in output pixels and converted
 * with the source-per-output scale of the template fit.
 */
export function jitterPoints(points: FivePoints, rng: Rng, o: AugmentOptions): FivePoints {
  const tpl = templatePoints(o.size, o.padding);
  const srcEye = Math.hypot(points[1].x - points[0].x, points[1].y - points[0].y);
  const tplEye = Math.hypot(tpl[1].x - tpl[0].x, tpl[1].y - tpl[0].y);
  const perOut = srcEye / tplEye;
  const cx = points.reduce((a, p) => a + p.x, 0) / 5,
    cy = points.reduce((a, p) => a + p.y, 0) / 5;
  const th = (rng.uniform(-1, 1) * o.rotateDeg * Math.PI) / 180;
  const s = 1 + rng.uniform(-1, 1) * o.scale;
  const c = Math.cos(th) * s,
    sn = Math.sin(th) * s;
  const dx = rng.uniform(-1, 1) * o.shiftPx * perOut,
    dy = rng.uniform(-1, 1) * o.shiftPx * perOut;
  return points.map((p) => {
    const x = p.x - cx,
      y = p.y - cy;
    return {
      x: cx + c * x - sn * y + dx + rng.normal() * o.landmarkNoisePx * perOut,
      y: cy + sn * x + c * y + dy + rng.normal() * o.landmarkNoisePx * perOut,
    };
  }) as FivePoints;
}

/** 3x3 binomial blur ([1 2 1]/4 separable), edges clamped. */
function blur3(v: Float32Array, n: number): Float32Array {
  const tmp = new Float32Array(v.length),
    out = new Float32Array(v.length);
  const at = (a: Float32Array, y: number, x: number) =>
    a[Math.min(n - 1, Math.max(0, y)) * n + Math.min(n - 1, Math.max(0, x))]!;
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) tmp[y * n + x] = (at(v, y, x - 1) + 2 * at(v, y, x) + at(v, y, x + 1)) / 4;
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++)
      out[y * n + x] = (at(tmp, y - 1, x) + 2 * at(tmp, y, x) + at(tmp, y + 1, x)) / 4;
  return out;
}

/** Illumination, blur and noise on a size x size grey crop; returns bytes as floats (0..255 integers). */
export function photometric(crop: Uint8Array, rng: Rng, o: AugmentOptions): Float32Array {
  const n = o.size;
  let v = Float32Array.from(crop);
  const gamma = Math.exp(rng.uniform(-1, 1) * o.gamma);
  const gain = Math.exp(rng.uniform(-1, 1) * Math.log(o.gain));
  const bias = rng.uniform(-1, 1) * o.bias;
  let rx = 0,
    ry = 0;
  if (rng.next() < o.rampProb) {
    const a = rng.uniform(0, 2 * Math.PI),
      amp = rng.uniform(0, o.ramp);
    rx = (Math.cos(a) * amp) / n;
    ry = (Math.sin(a) * amp) / n;
  }
  let mean = 0;
  for (let i = 0; i < v.length; i++) {
    v[i] = 255 * (v[i]! / 255) ** gamma;
    mean += v[i]! / v.length;
  }
  for (let y = 0; y < n; y++)
    for (let x = 0; x < n; x++) {
      const i = y * n + x;
      v[i] = gain * (v[i]! - mean) + mean + bias + rx * (x - n / 2) + ry * (y - n / 2);
    }
  if (rng.next() < o.blurProb) {
    const b = blur3(v, n),
      a = rng.uniform(0.3, 1);
    for (let i = 0; i < v.length; i++) v[i] = (1 - a) * v[i]! + a * b[i]!;
  }
  const sigma = rng.uniform(0, o.noise);
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++)
    out[i] = Math.min(255, Math.max(0, Math.round(v[i]! + sigma * rng.normal())));
  v = out;
  return v;
}
