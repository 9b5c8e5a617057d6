/**
 * 5-point similarity alignment to a canonical template, producing the fixed-size grey crop the
 * circuit takes. Pure arithmetic (no trigonometry, no platform image library), so the same image
 * and landmarks give the same bytes everywhere.
 */
import { ArgumentError } from "@zkpop/errors";
import type { GrayImage } from "./image.js";
import type { FivePoints, Point } from "./landmarks.js";

/**
 * Canonical positions of the five points in a unit face box, taken from dlib's mean face shape
 * (get_face_chip_details, points 17-67), which the dlib ResNet behind face-api's recogniser was
 * trained on: eye centres = mean of the six eye-contour points, nose tip = point 30, mouth
 * corners = points 48 and 54.
 */
export const TEMPLATE_UNIT: FivePoints = [
  {
    x: (0.121737 + 0.187122 + 0.265825 + 0.334606 + 0.260918 + 0.182743) / 6,
    y: (0.216423 + 0.178758 + 0.179852 + 0.231733 + 0.245099 + 0.244077) / 6,
  },
  {
    x: (0.645647 + 0.714428 + 0.793132 + 0.858516 + 0.79751 + 0.719335) / 6,
    y: (0.231733 + 0.179852 + 0.178758 + 0.216423 + 0.244077 + 0.245099) / 6,
  },
  { x: 0.490127, y: 0.515625 },
  { x: 0.254149, y: 0.780233 },
  { x: 0.726104, y: 0.780233 },
];

/** Default crop side (see README: the teacher loses little at 32 and the circuit's first layer scales with side^2). */
export const DEFAULT_CROP_SIZE = 32;
/** Margin around the unit face box, as a fraction of it; 0.25 is dlib's face-recognition chip framing. */
export const DEFAULT_PADDING = 0.25;

export interface AlignOptions {
  /** Output side in pixels (square). */
  size?: number;
  /** Margin around the unit face box, as a fraction of its side. */
  padding?: number;
}

/** x' = a*x - b*y + tx, y' = b*x + a*y + ty: rotation, uniform scale and translation. */
export interface Similarity {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

export function applySimilarity(t: Similarity, p: Point): Point {
  return { x: t.a * p.x - t.b * p.y + t.tx, y: t.b * p.x + t.a * p.y + t.ty };
}

/** Least-squares similarity mapping `from[i]` onto `to[i]` (Umeyama, closed form in 2-D, no reflection). */
export function estimateSimilarity(from: readonly Point[], to: readonly Point[]): Similarity {
  const n = from.length;
  if (n < 2 || to.length !== n)
    throw new ArgumentError("estimateSimilarity needs two equal lists of at least 2 points");
  let fx = 0,
    fy = 0,
    tx = 0,
    ty = 0;
  for (let i = 0; i < n; i++) {
    fx += from[i]!.x;
    fy += from[i]!.y;
    tx += to[i]!.x;
    ty += to[i]!.y;
  }
  fx /= n;
  fy /= n;
  tx /= n;
  ty /= n;
  let num1 = 0,
    num2 = 0,
    den = 0;
  for (let i = 0; i < n; i++) {
    const px = from[i]!.x - fx,
      py = from[i]!.y - fy;
    const qx = to[i]!.x - tx,
      qy = to[i]!.y - ty;
    num1 += px * qx + py * qy;
    num2 += px * qy - py * qx;
    den += px * px + py * py;
  }
  if (!(den > 0)) throw new ArgumentError("estimateSimilarity: the source points coincide");
  const a = num1 / den;
  const b = num2 / den;
  return { a, b, tx: tx - (a * fx - b * fy), ty: ty - (b * fx + a * fy) };
}

/** Template points in output-pixel coordinates (continuous: pixel i spans [i, i+1)). */
export function templatePoints(size: number, padding: number): FivePoints {
  const s = size / (1 + 2 * padding);
  return TEMPLATE_UNIT.map((p) => ({ x: (p.x + padding) * s, y: (p.y + padding) * s })) as FivePoints;
}

function sampleBilinear(img: GrayImage, x: number, y: number): number {
  // Continuous coordinates -> index space (pixel centres at integers); outside is black.
  const fx = x - 0.5,
    fy = y - 0.5;
  const x0 = Math.floor(fx),
    y0 = Math.floor(fy);
  const wx = fx - x0,
    wy = fy - y0;
  const px = (xi: number, yi: number): number =>
    xi < 0 || yi < 0 || xi >= img.width || yi >= img.height ? 0 : img.data[yi * img.width + xi]!;
  const top = px(x0, y0) * (1 - wx) + px(x0 + 1, y0) * wx;
  const bottom = px(x0, y0 + 1) * (1 - wx) + px(x0 + 1, y0 + 1) * wx;
  return top * (1 - wy) + bottom * wy;
}

export interface AlignedFace {
  crop: GrayImage;
  /** Maps crop coordinates to source-image coordinates. */
  cropToImage: Similarity;
}

/**
 * Warps `image` so its five points land on the template, into a `size` x `size` grey crop.
 * Each output pixel averages k x k bilinear samples (k = source pixels per output pixel, rounded
 * up): box-filter anti-aliasing, so a 32-pixel crop of a large photo does not alias.
 */
export function alignFace(image: GrayImage, points5: FivePoints, options: AlignOptions = {}): AlignedFace {
  const size = options.size ?? DEFAULT_CROP_SIZE;
  const padding = options.padding ?? DEFAULT_PADDING;
  if (!Number.isInteger(size) || size < 8 || size > 1024)
    throw new ArgumentError(`crop size must be an integer in 8..1024, got ${size}`);
  if (!(padding >= 0 && padding <= 2)) throw new ArgumentError(`padding must be in 0..2, got ${padding}`);
  const t = estimateSimilarity(templatePoints(size, padding), points5);
  const scale = Math.sqrt(t.a * t.a + t.b * t.b);
  const k = Math.min(8, Math.max(1, Math.ceil(scale - 1e-9)));
  const out = new Uint8Array(size * size);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      let acc = 0;
      for (let v = 0; v < k; v++) {
        const cy = i + (v + 0.5) / k;
        for (let u = 0; u < k; u++) {
          const cx = j + (u + 0.5) / k;
          acc += sampleBilinear(image, t.a * cx - t.b * cy + t.tx, t.b * cx + t.a * cy + t.ty);
        }
      }
      out[i * size + j] = Math.min(255, Math.round(acc / (k * k)));
    }
  }
  return { crop: { width: size, height: size, data: out }, cropToImage: t };
}
