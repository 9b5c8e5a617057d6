import { type AnyImage, type FivePoints, fivePointsFrom68, type Point, padImage, toRgb } from "@zkpop/image";
import { FaceNotFoundError } from "./errors.js";
import { loadFaceRuntime } from "./faceapi.js";

export interface DetectOptions {
  /**
   * Black borders to try, in order, until a face is found; each is added on every side as a
   * fraction of the longer side. SSD-MobileNet misses faces that fill the frame (ORL s1-s30:
   * 9/300 found with no border, 297/300 with 0.5, 299/300 with 0.75, 300/300 trying 0.5 then 0.75).
   */
  borderFractions?: readonly number[];
  /** Detector score threshold (face-api's default is 0.5). */
  minConfidence?: number;
}

export interface DetectedFace {
  /** Detector score in 0..1. */
  score: number;
  /** Box in the input image's pixel coordinates. */
  box: { x: number; y: number; width: number; height: number };
  /** 68 landmarks (iBUG layout) in the input image's pixel coordinates. */
  landmarks68: Point[];
  /** Eye centres, nose tip, mouth corners, derived from landmarks68. */
  points5: FivePoints;
}

export const DEFAULT_BORDER_FRACTIONS: readonly number[] = [0.5, 0.75, 0.25];

/** Detects every face (SSD-MobileNet v1) with its 68 landmarks, best score first. */
export async function detectFaces(image: AnyImage, options: DetectOptions = {}): Promise<DetectedFace[]> {
  for (const f of options.borderFractions ?? DEFAULT_BORDER_FRACTIONS) {
    const faces = await detectWithBorder(image, f, options.minConfidence ?? 0.5);
    if (faces.length > 0) return faces;
  }
  return [];
}

async function detectWithBorder(
  image: AnyImage,
  borderFraction: number,
  minConfidence: number,
): Promise<DetectedFace[]> {
  const { faceapi, tf } = await loadFaceRuntime();
  const border = Math.round(borderFraction * Math.max(image.width, image.height));
  const rgb = padImage(toRgb(image), border);
  const input = tf.tensor3d(Float32Array.from(rgb.data), [rgb.height, rgb.width, 3], "float32");
  try {
    const opts = new faceapi.SsdMobilenetv1Options({ minConfidence });
    // face-api bundles its own tfjs typings; the runtime tensor is the same class.
    const found = await faceapi.detectAllFaces(input as never, opts).withFaceLandmarks();
    const faces = found.map((f): DetectedFace => {
      const b = f.detection.box;
      const landmarks68 = f.landmarks.positions.map((p) => ({ x: p.x - border, y: p.y - border }));
      return {
        score: f.detection.score,
        box: { x: b.x - border, y: b.y - border, width: b.width, height: b.height },
        landmarks68,
        points5: fivePointsFrom68(landmarks68),
      };
    });
    return faces.sort((a, b) => b.score - a.score);
  } finally {
    input.dispose();
  }
}

/** The best-scoring face; throws FaceNotFoundError when there is none. */
export async function detectFace(image: AnyImage, options: DetectOptions = {}): Promise<DetectedFace> {
  const faces = await detectFaces(image, options);
  const best = faces[0];
  if (!best) throw new FaceNotFoundError();
  return best;
}
