/**
 * The student as plain tfjs ops over explicit weights (no tf.layers): the exporter then writes
 * exactly this graph. Layout NHWC, conv kernels HWIO, dense [in, out]; input = pixels / 255.
 * Convs are computed as explicit padding + im2col + matMul by default, because the wasm backend
 * has no Conv2DBackpropFilter kernel; every op used here has a wasm gradient.
 */
import type * as tfjs from "@tensorflow/tfjs";
import { archCosts, type StudentArch } from "./arch.js";
import type { Rng } from "./prng.js";

type Tf = typeof tfjs;

/** Pixels enter the network as byte / PIXEL_SCALE; the exporter folds this into the first conv. */
export const PIXEL_SCALE = 255;

export interface StudentParam {
  /** Layer index in arch.layers. */
  layer: number;
  kernel: tfjs.Variable;
  bias: tfjs.Variable;
}

export interface StudentModel {
  arch: StudentArch;
  params: StudentParam[];
}

/** He-normal kernels from the seeded generator, zero biases: the same seed gives the same model. */
export function initStudent(tf: Tf, arch: StudentArch, rng: Rng): StudentModel {
  const costs = archCosts(arch);
  const params: StudentParam[] = [];
  let cin = 1;
  arch.layers.forEach((l, i) => {
    const prevShape = i === 0 ? [arch.input, arch.input, 1] : costs.layers[i - 1]!.outShape;
    if (l.kind === "conv") {
      const fanIn = l.k * l.k * cin;
      const shape = [l.k, l.k, cin, l.out];
      params.push(makeParam(tf, i, shape, l.out, fanIn, rng));
      cin = l.out;
    } else if (l.kind === "dense") {
      const fanIn = prevShape.reduce((a, b) => a * b, 1);
      // Output layer: no ReLU after it, so Glorot-like scale keeps the embedding small at start.
      params.push(makeParam(tf, i, [fanIn, l.out], l.out, fanIn, rng, 1));
    }
  });
  return { arch, params };
}

function makeParam(
  tf: Tf,
  layer: number,
  shape: number[],
  nOut: number,
  fanIn: number,
  rng: Rng,
  gain = 2,
): StudentParam {
  const n = shape.reduce((a, b) => a * b, 1);
  const std = Math.sqrt(gain / fanIn);
  const k = new Float32Array(n);
  for (let i = 0; i < n; i++) k[i] = rng.normal() * std;
  return {
    layer,
    kernel: tf.variable(tf.tensor(k, shape), true, `l${layer}_kernel`),
    bias: tf.variable(tf.zeros([nOut]), true, `l${layer}_bias`),
  };
}

/** k*k shifted windows of a stride-1 conv, concatenated on channels, one matMul (all rank-4 ops). */
function im2colMatMul(
  tf: Tf,
  xp: tfjs.Tensor4D,
  kmat: tfjs.Tensor,
  k: number,
  ho: number,
  wo: number,
): tfjs.Tensor4D {
  const [n, , , c] = xp.shape;
  const cols: tfjs.Tensor[] = [];
  for (let dy = 0; dy < k; dy++)
    for (let dx = 0; dx < k; dx++)
      cols.push(tf.reshape(tf.slice(xp, [0, dy, dx, 0], [n, ho, wo, c]), [n * ho * wo, c]));
  // Column order (dy, dx, c) matches a HWIO kernel reshaped to [k*k*c, out].
  return tf.reshape(tf.matMul(tf.concat(cols, 1), kmat as tfjs.Tensor2D), [n, ho, wo, -1]);
}

/**
 * Conv as explicit padding + im2col + matMul. Stride 2 (even k) goes through space-to-depth so
 * every slice stays rank 4 (wasm's rank-6 slice is ~20x slower): phases (py, px) move into
 * channels and the conv becomes a (k/2)x(k/2) stride-1 conv with a permuted kernel.
 */
function convIm2col(
  tf: Tf,
  x: tfjs.Tensor4D,
  kernel: tfjs.Tensor,
  k: number,
  stride: number,
  pad: number,
): tfjs.Tensor4D {
  const [n, h, w, c] = x.shape;
  const ho = Math.floor((h + 2 * pad - k) / stride) + 1;
  const wo = Math.floor((w + 2 * pad - k) / stride) + 1;
  const cout = kernel.shape[3]!;
  if (stride === 1) {
    const xp = pad
      ? tf.pad(x, [
          [0, 0],
          [pad, pad],
          [pad, pad],
          [0, 0],
        ])
      : x;
    return im2colMatMul(tf, xp, tf.reshape(kernel, [k * k * c, cout]), k, ho, wo);
  }
  if (stride !== 2 || k % 2) throw new Error("convIm2col: stride must be 1, or 2 with an even kernel");
  const hp = 2 * (ho - 1 + k / 2),
    wp = 2 * (wo - 1 + k / 2);
  const xp = tf.pad(x, [
    [0, 0],
    [pad, hp - h - pad],
    [pad, wp - w - pad],
    [0, 0],
  ]);
  const rows = tf.reshape(xp, [n * (hp / 2), 2, wp / 2, 2 * c]); // channel = px*c + ci
  const phase = (py: number) =>
    tf.reshape(tf.slice(rows, [0, py, 0, 0], [n * (hp / 2), 1, wp / 2, 2 * c]), [n, hp / 2, wp / 2, 2 * c]);
  const s2d = tf.concat([phase(0), phase(1)], 3) as tfjs.Tensor4D; // channel = py*2c + px*c + ci
  const kh = k / 2;
  const kmat = tf.reshape(tf.transpose(tf.reshape(kernel, [kh, 2, kh, 2, c, cout]), [0, 2, 1, 3, 4, 5]), [
    kh * kh * 4 * c,
    cout,
  ]);
  return im2colMatMul(tf, s2d, kmat, kh, ho, wo);
}

export interface ForwardOptions {
  /** Use tf.conv2d (fine on the cpu backend) instead of im2col. */
  nativeConv?: boolean;
}

/** x: [N, H, W, 1] in pixel/255 units; returns [N, D] embeddings (no final activation). */
export function studentForward(
  tf: Tf,
  model: StudentModel,
  x: tfjs.Tensor4D,
  opts: ForwardOptions = {},
): tfjs.Tensor2D {
  let t: tfjs.Tensor = x;
  let pi = 0;
  for (const l of model.arch.layers) {
    if (l.kind === "conv") {
      const p = model.params[pi++]!;
      const t4 = t as tfjs.Tensor4D;
      const y = opts.nativeConv
        ? tf.conv2d(
            tf.pad(t4, [
              [0, 0],
              [l.pad, l.pad],
              [l.pad, l.pad],
              [0, 0],
            ]),
            p.kernel as tfjs.Tensor4D,
            l.stride,
            "valid",
          )
        : convIm2col(tf, t4, p.kernel, l.k, l.stride, l.pad);
      t = tf.add(y, p.bias);
    } else if (l.kind === "avgpool") {
      // Mean over reshaped blocks: exact AveragePool (no padding), differentiable everywhere.
      const [n, h, w, c] = t.shape as [number, number, number, number];
      t = tf.mean(tf.reshape(t, [n, h / l.k, l.k, w / l.k, l.k, c]), [2, 4]);
    } else if (l.kind === "relu") {
      t = tf.relu(t);
    } else if (l.kind === "flatten") {
      t = tf.reshape(t, [t.shape[0]!, -1]);
    } else {
      const p = model.params[pi++]!;
      t = tf.add(tf.matMul(t as tfjs.Tensor2D, p.kernel as tfjs.Tensor2D), p.bias);
    }
  }
  return t as tfjs.Tensor2D;
}

/** Weights as plain arrays (for the exporter and the report), in tfjs layouts. */
export function studentWeights(
  model: StudentModel,
): { layer: number; kernel: Float32Array; kernelShape: number[]; bias: Float32Array }[] {
  return model.params.map((p) => ({
    layer: p.layer,
    kernel: p.kernel.dataSync() as Float32Array,
    kernelShape: p.kernel.shape,
    bias: p.bias.dataSync() as Float32Array,
  }));
}
