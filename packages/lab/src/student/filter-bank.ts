/**
 * The default student: one bank of learned patch filters and a linear head, fitted by ridge
 * regression onto the teacher (see ridge.ts and scripts/fit-student.ts).
 *
 *   pixels ─┬─ Conv k×k/stride (F filters and their negatives) ─ Relu ─ AveragePool(cell) ─ Relu ─ Flatten ─┐
 *           └─ Flatten ────────────────────────────────────────────────────────────────────────────────────┴─ Concat ─ Gemm → embedding
 *
 * Why this shape: with 20 training identities a CNN trained by SGD learns its training people
 * (s1-s20 EER 0.67 %) and generalises poorly (s21-s30 6.89 %, data/student-cnn-32.report.md),
 * while a linear map of the pixels fitted in closed form already does better on new people.
 * The filters add the one non-linearity that helps: half-wave rectified band-pass responses
 * (the filters are the top principal components of mean-free patches, as in PCANet), pooled
 * in cells. In the circuit, the Relu is the only cost (one fused rescale + ReLU per
 * activation, and the second Relu on the pooled cells, see below); the pixel branch, the
 * concatenation and the Gemm compose into one constant linear map.
 */

import { ArgumentError } from "@zkpop/errors";
import { ModelBuilder } from "@zkpop/zkml";
import { ONNX_INPUT, ONNX_OPSET, ONNX_OUTPUT } from "./onnx-run.js";
import { symmetricEigen } from "./pca.js";

export interface FilterBankSpec {
  name: string;
  /** Square input side; one grey channel of bytes 0..255. */
  input: number;
  /** Filter side (odd); padded by kernel >> 1, so the map is input / stride on a side. */
  kernel: number;
  /** Learned filters; each is used with both signs, so 2 × filters channels. */
  filters: number;
  stride: number;
  /** Average-pooling cell on the rectified map. */
  cell: number;
  outDim: number;
}

export const FILTER_BANK_STUDENT: FilterBankSpec = {
  name: "zkpop-student-32-v2",
  input: 32,
  kernel: 5,
  filters: 6,
  stride: 2,
  cell: 4,
  outDim: 64,
};

/** Pixel bytes are divided by this inside the model, so features are on a unit scale. */
export const FILTER_PIXEL_SCALE = 255;

export interface FilterBankCosts {
  /** Side of the rectified map. */
  map: number;
  /** ReLU activations, the circuit's non-linear neurons: the rectified map, then its pooled cells. */
  activations: number;
  /** Pooled cells (each also a ReLU, an identity that makes it a circuit signal). */
  pooled: number;
  /** Length of the Gemm input: pixels + pooled responses. */
  features: number;
  macs: number;
  params: number;
}

export function filterBankCosts(s: FilterBankSpec): FilterBankCosts {
  if (s.kernel % 2 !== 1) throw new ArgumentError(`filter side ${s.kernel} must be odd`);
  if (s.input % s.stride) throw new ArgumentError(`stride ${s.stride} does not divide ${s.input}`);
  const map = s.input / s.stride;
  if (map % s.cell) throw new ArgumentError(`cell ${s.cell} does not divide the ${map}×${map} map`);
  const channels = 2 * s.filters;
  const pooled = channels * (map / s.cell) ** 2;
  const features = s.input * s.input + pooled;
  const convMacs = map * map * channels * s.kernel * s.kernel;
  return {
    map,
    activations: map * map * channels + pooled,
    pooled,
    features,
    macs: convMacs + features * s.outDim,
    params: channels * (s.kernel * s.kernel + 1) + (features + 1) * s.outDim,
  };
}

/**
 * The `s.filters` top principal axes of mean-free k×k patches taken every `stride` pixels of the
 * given crops (zero-sum filters, unit norm, sign fixed so the largest tap is positive).
 */
export function learnPatchFilters(crops: readonly Uint8Array[], s: FilterBankSpec): Float64Array[] {
  const k = s.kernel,
    n = k * k,
    side = s.input;
  const cov = new Float64Array(n * n);
  const patch = new Float64Array(n);
  let count = 0;
  for (const crop of crops) {
    if (crop.length !== side * side)
      throw new ArgumentError(`crop of ${crop.length} pixels, expected ${side * side}`);
    for (let y = 0; y + k <= side; y += s.stride)
      for (let x = 0; x + k <= side; x += s.stride) {
        let mean = 0;
        for (let i = 0; i < k; i++)
          for (let j = 0; j < k; j++) mean += patch[i * k + j] = crop[(y + i) * side + x + j]!;
        mean /= n;
        for (let a = 0; a < n; a++) patch[a]! -= mean;
        for (let a = 0; a < n; a++) for (let b = a; b < n; b++) cov[a * n + b]! += patch[a]! * patch[b]!;
        count++;
      }
  }
  for (let a = 0; a < n; a++) for (let b = a; b < n; b++) cov[b * n + a] = cov[a * n + b]! /= count;
  const { vectors } = symmetricEigen(cov, n);
  return vectors.slice(0, s.filters).map((v) => {
    const big = v.reduce((m, x) => (Math.abs(x) > Math.abs(m) ? x : m), 0);
    return big < 0 ? v.map((x) => -x) : Float64Array.from(v);
  });
}

/**
 * The Gemm input for one crop, exactly as the ONNX graph computes it: pixels / 255 in row-major
 * order, then per channel (filter f, then its negative) the cell means of the rectified,
 * zero-padded correlation, in CHW order.
 */
export function filterBankFeatures(
  crop: ArrayLike<number>,
  filters: readonly Float64Array[],
  s: FilterBankSpec,
): Float64Array {
  const { map, features } = filterBankCosts(s);
  const side = s.input,
    k = s.kernel,
    pad = k >> 1,
    cells = map / s.cell;
  const out = new Float64Array(features);
  for (let i = 0; i < side * side; i++) out[i] = crop[i]! / FILTER_PIXEL_SCALE;
  const base = side * side;
  const inv = 1 / (s.cell * s.cell);
  filters.forEach((f, fi) => {
    for (let oy = 0; oy < map; oy++)
      for (let ox = 0; ox < map; ox++) {
        let r = 0;
        for (let i = 0; i < k; i++) {
          const y = oy * s.stride + i - pad;
          if (y < 0 || y >= side) continue;
          for (let j = 0; j < k; j++) {
            const x = ox * s.stride + j - pad;
            if (x >= 0 && x < side) r += f[i * k + j]! * crop[y * side + x]!;
          }
        }
        r /= FILTER_PIXEL_SCALE;
        const cell = Math.floor(oy / s.cell) * cells + Math.floor(ox / s.cell);
        if (r > 0) out[base + fi * cells * cells + cell]! += r * inv;
        else out[base + (s.filters + fi) * cells * cells + cell]! -= r * inv;
      }
  });
  return out;
}

/** The horizontal mirror of a square crop (a training augmentation: same person). */
export function mirrorCrop(crop: Uint8Array, side: number): Uint8Array {
  const out = new Uint8Array(crop.length);
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) out[y * side + x] = crop[y * side + side - 1 - x]!;
  return out;
}

export interface LinearHead {
  /** outDim rows of length `features`. */
  weight: Float64Array[];
  bias: Float64Array;
}

/** The embedding the ONNX model computes, in float64 (for tests and the ONNX check). */
export function filterBankEmbed(
  crop: ArrayLike<number>,
  filters: readonly Float64Array[],
  head: LinearHead,
  s: FilterBankSpec,
): Float64Array {
  const x = filterBankFeatures(crop, filters, s);
  return Float64Array.from(head.weight, (row, o) => {
    let acc = head.bias[o]!;
    for (let i = 0; i < x.length; i++) acc += row[i]! * x[i]!;
    return acc;
  });
}

/** Serialises the student as ONNX (opset 13) through @zkpop/zkml's writer; input bytes 0..255. */
export function exportFilterBankOnnx(
  s: FilterBankSpec,
  filters: readonly Float64Array[],
  head: LinearHead,
  metadata: Record<string, string> = {},
): Uint8Array {
  const { features } = filterBankCosts(s);
  if (filters.length !== s.filters)
    throw new ArgumentError(`${filters.length} filters, spec says ${s.filters}`);
  if (head.weight.length !== s.outDim || head.weight.some((r) => r.length !== features))
    throw new ArgumentError(`head must be ${s.outDim} × ${features}`);
  const k = s.kernel,
    ch = 2 * s.filters,
    pad = k >> 1;
  const b = new ModelBuilder(ONNX_INPUT, [1, 1, s.input, s.input], ONNX_OPSET);
  const kernel = new Float32Array(ch * k * k);
  filters.forEach((f, fi) => {
    for (let t = 0; t < k * k; t++) {
      kernel[fi * k * k + t] = f[t]! / FILTER_PIXEL_SCALE;
      kernel[(s.filters + fi) * k * k + t] = -f[t]! / FILTER_PIXEL_SCALE;
    }
  });
  const w = b.init({ shape: [ch, 1, k, k], data: kernel }, { name: "bank.weight" });
  const z = b.init({ shape: [ch], data: new Float32Array(ch) }, { name: "bank.bias" });
  b.node(
    "Conv",
    [ONNX_INPUT, w, z],
    {
      kernel_shape: [k, k],
      strides: [s.stride, s.stride],
      pads: [pad, pad, pad, pad],
      dilations: [1, 1],
      group: 1,
    },
    ["bank"],
  );
  b.node("Relu", ["bank"], {}, ["rectified"]);
  b.node(
    "AveragePool",
    ["rectified"],
    { kernel_shape: [s.cell, s.cell], strides: [s.cell, s.cell], pads: [0, 0, 0, 0] },
    ["pooled"],
  );
  // Identity in float (the pool of rectified values is never negative), but a non-linearity makes
  // zkml materialise the 192 pooled values as signals. Without it the pooling composes into the
  // Gemm, every output row sums all 3,072 activations, and circom2's witness code outgrows its
  // WebAssembly memory; with it the rows have 1,216 terms, for about 192 × 21 more constraints.
  b.node("Relu", ["pooled"], {}, ["pooled_signals"]);
  b.node("Flatten", ["pooled_signals"], { axis: 1 }, ["pooled_flat"]);
  // The pixel branch: 1/255 folded into the head's weights for these columns.
  b.node("Flatten", [ONNX_INPUT], { axis: 1 }, ["pixels_flat"]);
  b.node("Concat", ["pixels_flat", "pooled_flat"], { axis: 1 }, ["features"]);
  const gemm = new Float32Array(s.outDim * features);
  const px = s.input * s.input;
  head.weight.forEach((row, o) => {
    for (let i = 0; i < features; i++)
      gemm[o * features + i] = i < px ? row[i]! / FILTER_PIXEL_SCALE : row[i]!;
  });
  const gw = b.init({ shape: [s.outDim, features], data: gemm }, { name: "head.weight" });
  const gb = b.init({ shape: [s.outDim], data: Float32Array.from(head.bias) }, { name: "head.bias" });
  b.node("Gemm", ["features", gw, gb], { transB: 1 }, [ONNX_OUTPUT]);
  b.output(ONNX_OUTPUT, [1, s.outDim]);
  return b.bytes({
    producer: "@zkpop/biometric filter-bank student",
    graphName: s.name,
    docString: `${s.name}: input ${ONNX_INPUT} [1,1,${s.input},${s.input}] = pixel bytes 0..255 as float`,
    metadata,
  });
}
