/**
 * Distillation losses. Cosine: the student's direction should match the (projected, normalised)
 * teacher descriptor. Relational: the batch's pairwise cosine matrix should match the teacher's,
 * which transfers the geometry between faces (what verification and LSH actually use).
 */
import type * as tfjs from "@tensorflow/tfjs";

type Tf = typeof tfjs;

export function l2normalize(tf: Tf, x: tfjs.Tensor2D): tfjs.Tensor2D {
  return tf.div(x, tf.sqrt(tf.add(tf.sum(tf.square(x), 1, true), 1e-8))) as tfjs.Tensor2D;
}

export interface LossWeights {
  cosine: number;
  relational: number;
}

/** student [B, D] raw embeddings, target [B, D] unit vectors; returns the scalar loss and its parts. */
export function distillLoss(
  tf: Tf,
  student: tfjs.Tensor2D,
  target: tfjs.Tensor2D,
  w: LossWeights,
): { total: tfjs.Scalar; cosine: tfjs.Scalar; relational: tfjs.Scalar } {
  const s = l2normalize(tf, student);
  const cosine = tf.mean(tf.sub(1, tf.sum(tf.mul(s, target), 1))) as tfjs.Scalar;
  const gs = tf.matMul(s, s, false, true),
    gt = tf.matMul(target, target, false, true);
  const relational = tf.mean(tf.square(tf.sub(gs, gt))) as tfjs.Scalar;
  const total = tf.add(tf.mul(cosine, w.cosine), tf.mul(relational, w.relational)) as tfjs.Scalar;
  return { total, cosine, relational };
}
