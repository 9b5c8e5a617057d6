/**
 * Issue 12 (helper 12student): what the distilled CNN student (scripts/py/cnn_student.py) would
 * cost in the circuit, and whether the circuit's executor tracks it. Per fold's weights file: the
 * ONNX model (Conv / Relu / AveragePool / Flatten / Gemm, input bytes 0..255), quantised like the
 * enrollment circuit's student (DEFAULT_QUANT, 60 training crops as calibration); prints the
 * exact model constraints per layer, the executor's cosine to the float model on every held-out
 * crop, and writes the executor's embeddings in the figures-from-embeddings.ts format.
 * Measurement only: the product circuit is not touched.
 *
 *   npx tsx packages/lab/scripts/cnn-student-cost.ts --size 48 --name "cnn (executor)" \
 *     --out $C/emb-cnn-exec.json $C/emb-cnn-s1-s10-weights.json [more weights files]
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DEFAULT_QUANT } from "@zkpop/enroll-circuit";
import { readCropCache } from "@zkpop/image";
import { execute, ModelBuilder, quantizeModel, runFloat, tensor } from "@zkpop/zkml";
import { ONNX_INPUT, ONNX_OPSET, ONNX_OUTPUT } from "../src/student/onnx-run.js";
import { LAB_CACHE_DIR } from "./common.js";

interface Layer {
  type: "Conv" | "Relu" | "AvgPool" | "Linear";
  k?: number;
  stride?: number;
  cell?: number;
  w?: number[][];
  b?: number[];
}
interface Weights {
  input: number;
  layers: Layer[];
  test: [number, number];
  float: number[][];
}

const args = process.argv.slice(2);
const opt = (k: string, d: string) => {
  const i = args.indexOf(`--${k}`);
  return i < 0 ? d : args.splice(i, 2)[1]!;
};
const size = Number(opt("size", "48"));
const name = opt("name", "cnn (executor)");
const out = opt("out", "");
const files = args;

/** The student as ONNX; activations in the numpy net are NHWC, so the Gemm's columns are permuted to CHW. */
function toOnnx(wts: Weights): Uint8Array {
  const S = wts.input;
  const b = new ModelBuilder(ONNX_INPUT, [1, 1, S, S], ONNX_OPSET);
  let x = ONNX_INPUT;
  let [c, s] = [1, S];
  let first = true;
  for (const [i, l] of wts.layers.entries()) {
    if (l.type === "Conv") {
      const k = l.k!,
        cout = l.w!.length,
        pad = k >> 1;
      const w = Float32Array.from(l.w!.flat(), (v) => (first ? v / 255 : v));
      const wi = b.init({ shape: [cout, c, k, k], data: w }, { name: `conv${i}.weight` });
      const bi = b.init({ shape: [cout], data: Float32Array.from(l.b!) }, { name: `conv${i}.bias` });
      x = b.node("Conv", [x, wi, bi], {
        kernel_shape: [k, k],
        strides: [l.stride!, l.stride!],
        pads: [pad, pad, pad, pad],
        dilations: [1, 1],
        group: 1,
      });
      [c, s, first] = [cout, Math.floor((s + 2 * pad - k) / l.stride!) + 1, false];
    } else if (l.type === "Relu") x = b.node("Relu", [x]);
    else if (l.type === "AvgPool") {
      x = b.node("AveragePool", [x], {
        kernel_shape: [l.cell!, l.cell!],
        strides: [l.cell!, l.cell!],
        pads: [0, 0, 0, 0],
      });
      s = Math.floor(s / l.cell!);
    } else {
      const rows = l.w!;
      const g = new Float32Array(rows.length * c * s * s);
      rows.forEach((row, o) => {
        for (let ch = 0; ch < c; ch++)
          for (let y = 0; y < s; y++)
            for (let xx = 0; xx < s; xx++)
              g[o * c * s * s + ch * s * s + y * s + xx] = row[y * s * c + xx * c + ch]!;
      });
      const flat = b.node("Flatten", [x], { axis: 1 });
      const gw = b.init({ shape: [rows.length, c * s * s], data: g }, { name: "head.weight" });
      const gb = b.init({ shape: [rows.length], data: Float32Array.from(l.b!) }, { name: "head.bias" });
      x = b.node("Gemm", [flat, gw, gb], { transB: 1 }, [ONNX_OUTPUT]);
      b.output(ONNX_OUTPUT, [1, rows.length]);
    }
  }
  return b.bytes({ producer: "issue 12 distilled CNN student (measurement)", graphName: "cnn-student" });
}

const cos = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let ab = 0,
    aa = 0,
    bb = 0;
  for (let i = 0; i < a.length; i++) [ab, aa, bb] = [ab + a[i]! * b[i]!, aa + a[i]! ** 2, bb + b[i]! ** 2];
  return ab / Math.sqrt(aa * bb);
};

const orl = readCropCache(path.join(LAB_CACHE_DIR, `orl-crops-${size}-teacher-at-crop.json`));
const faces = orl.index.entries.map((e, i) => ({
  label: e.label,
  subject: Number(e.label.slice(1)),
  pixels: orl.crops[i]!.data,
}));
const folds: { test: [number, number]; labels: string[]; emb: number[][] }[] = [];
for (const file of files) {
  const wts = JSON.parse(readFileSync(file, "utf8")) as Weights;
  const [lo, hi] = wts.test;
  const te = faces.filter((f) => f.subject >= lo && f.subject <= hi);
  const calibration = faces
    .filter((f) => f.subject < lo || f.subject > hi)
    .slice(0, 60)
    .map((f) => Array.from(f.pixels));
  const q = await quantizeModel(toOnnx(wts), { ...DEFAULT_QUANT, calibration });
  const floatOf = (p: Uint8Array) => runFloat(q.graph, tensor([1, 1, size, size], p)).get(ONNX_OUTPUT)!.data;
  const execOf = (p: Uint8Array) =>
    execute(q.program, Array.from(p, BigInt)).real.flatMap((r) => Array.from(r));
  const exportCheck = Math.min(...wts.float.map((f, i) => cos(f, floatOf(te[i]!.pixels))));
  const cosines = te.map((f) => cos(floatOf(f.pixels), execOf(f.pixels)));
  folds.push({ test: [lo, hi], labels: te.map((f) => f.label), emb: te.map((f) => execOf(f.pixels)) });
  console.log(`\n## held out s${lo}–s${hi}: ${path.basename(file)}`);
  console.log(`ONNX float vs numpy float, first 5 crops: min cosine ${exportCheck.toFixed(6)}`);
  console.log(
    `executor vs float on ${te.length} held-out crops: min cosine ${Math.min(...cosines).toFixed(4)}, mean ${(cosines.reduce((a, b) => a + b, 0) / cosines.length).toFixed(4)}`,
  );
  console.log("| node | op | output | activations | constraints |\n|---|---|---|---|---|");
  for (const l of q.cost.layers)
    console.log(`| ${l.node} | ${l.op} | ${l.outputShape.join("×")} | ${l.activations} | ${l.constraints} |`);
  console.log(
    `model total: ${q.cost.totalConstraints} constraints (input range check ${q.cost.inputConstraints}), ${q.cost.totalMacs} MACs`,
  );
}
if (out) writeFileSync(out, JSON.stringify({ [name]: { folds } }));
