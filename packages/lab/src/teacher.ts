/**
 * Teacher embeddings: face-api's FaceRecognitionNet (dlib ResNet-29 port, 128-d). It is the
 * accuracy ceiling and the distillation target, far too large for a circuit.
 */

import { ArgumentError, ZkpopError } from "@zkpop/errors";
import { loadFaceRuntime } from "@zkpop/face";
import type { FivePoints } from "@zkpop/image";
import { type AlignedFace, alignFace, type GrayImage, grayToRgb } from "@zkpop/image";

/** The recogniser's native input side; dlib trained it on 150x150 chips with 0.25 padding. */
export const TEACHER_INPUT_SIZE = 150;
export const TEACHER_DIM = 128;

/**
 * The teacher's input: the same template and framing as the circuit crop, at 150x150.
 * Grey even for colour captures, so the teacher sees only what the student (and circuit) can see.
 */
export function teacherChip(image: GrayImage, points5: FivePoints, padding?: number): AlignedFace {
  return alignFace(image, points5, {
    size: TEACHER_INPUT_SIZE,
    ...(padding === undefined ? {} : { padding }),
  });
}

/**
 * 128-d descriptor of an aligned grey face. Any side is accepted; face-api resizes to 150x150
 * (bilinear), which lets one measure what a small crop keeps by upsampling it.
 */
export async function teacherDescriptor(face: GrayImage): Promise<Float32Array> {
  if (face.width !== face.height) throw new ArgumentError("teacherDescriptor expects a square face crop");
  const { faceapi, tf } = await loadFaceRuntime();
  const rgb = grayToRgb(face);
  const input = tf.tensor3d(Float32Array.from(rgb.data), [face.height, face.width, 3], "float32");
  try {
    // face-api bundles its own tfjs typings; the runtime tensor is the same class.
    const d = await faceapi.computeFaceDescriptor(input as never);
    const out = Array.isArray(d) ? d[0] : d;
    if (!(out instanceof Float32Array) || out.length !== TEACHER_DIM)
      throw new ZkpopError("FACE_RUNTIME_FAILED", "face-api returned no 128-d descriptor");
    return out;
  } finally {
    input.dispose();
  }
}
