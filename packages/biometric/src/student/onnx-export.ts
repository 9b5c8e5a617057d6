/**
 * ONNX export of the student (Conv, AveragePool, Relu, Flatten, Gemm), float32 initialisers,
 * opset 13, fixed input [1, 1, S, S] of raw pixel values 0..255, through @zkpop/zkml's writer.
 * Layout conversion from tfjs: conv HWIO -> OIHW; the Gemm weight rows are permuted from tfjs's
 * HWC flatten order to ONNX's CHW order; 1/PIXEL_SCALE is folded into the first conv's weights
 * (exact: zero padding stays zero), so the model takes bytes as floats.
 */
import { ModelBuilder } from "@zkpop/zkml";
import { archCosts, type StudentArch } from "./arch.js";
import { PIXEL_SCALE } from "./model.js";

export interface ExportWeights {
  layer: number;
  kernel: Float32Array;
  kernelShape: number[];
  bias: Float32Array;
}

export interface ExportOptions {
  inputName?: string;
  outputName?: string;
  /** Pixel scale folded into the first conv (the network was trained on byte / scale). */
  pixelScale?: number;
  docString?: string;
  metadata?: Record<string, string>;
}

export const ONNX_OPSET = 13;
export const ONNX_INPUT = "pixels";
export const ONNX_OUTPUT = "embedding";

/** Serialises the student (tfjs-layout weights from studentWeights) as an ONNX model. */
export function exportStudentOnnx(
  arch: StudentArch,
  weights: readonly ExportWeights[],
  opts: ExportOptions = {},
): Uint8Array {
  const inputName = opts.inputName ?? ONNX_INPUT;
  const outputName = opts.outputName ?? ONNX_OUTPUT;
  const scale = opts.pixelScale ?? PIXEL_SCALE;
  const costs = archCosts(arch);
  const b = new ModelBuilder(inputName, [1, 1, arch.input, arch.input], ONNX_OPSET);
  let cur = inputName;
  let firstConv = true;
  let wi = 0;
  arch.layers.forEach((l, i) => {
    const out = i === arch.layers.length - 1 ? outputName : `t${i}`;
    if (l.kind === "conv") {
      const w = weights[wi++]!;
      if (w.layer !== i) throw new Error(`weights for layer ${w.layer} given where layer ${i} expected`);
      const [k, , cin, cout] = w.kernelShape as [number, number, number, number];
      const oihw = new Float32Array(w.kernel.length);
      const s = firstConv ? 1 / scale : 1;
      for (let y = 0; y < k; y++)
        for (let x = 0; x < k; x++)
          for (let c = 0; c < cin; c++)
            for (let o = 0; o < cout; o++)
              oihw[((o * cin + c) * k + y) * k + x] = w.kernel[((y * k + x) * cin + c) * cout + o]! * s;
      firstConv = false;
      const weight = b.init({ shape: [cout, cin, k, k], data: oihw }, { name: `l${i}.weight` });
      const bias = b.init({ shape: [cout], data: w.bias }, { name: `l${i}.bias` });
      const attrs = {
        kernel_shape: [k, k],
        strides: [l.stride, l.stride],
        pads: [l.pad, l.pad, l.pad, l.pad],
        dilations: [1, 1],
        group: 1,
      };
      b.node("Conv", [cur, weight, bias], attrs, [out]);
    } else if (l.kind === "avgpool") {
      b.node("AveragePool", [cur], { kernel_shape: [l.k, l.k], strides: [l.k, l.k], pads: [0, 0, 0, 0] }, [
        out,
      ]);
    } else if (l.kind === "relu") {
      b.node("Relu", [cur], {}, [out]);
    } else if (l.kind === "flatten") {
      b.node("Flatten", [cur], { axis: 1 }, [out]);
    } else {
      const w = weights[wi++]!;
      if (w.layer !== i) throw new Error(`weights for layer ${w.layer} given where layer ${i} expected`);
      const [fin, fout] = w.kernelShape as [number, number];
      const gemm = new Float32Array(fin * fout); // [out, in] for transB = 1
      // A dense layer straight after Flatten of an [H, W, C] map needs tfjs's HWC order mapped to CHW.
      const fl = i - 1;
      const prev =
        arch.layers[fl]?.kind === "flatten"
          ? fl === 0
            ? [arch.input, arch.input, 1]
            : costs.layers[fl - 1]!.outShape
          : null;
      for (let r = 0; r < fin; r++) {
        let onnxRow = r;
        if (prev && prev.length === 3) {
          const [H, W, C] = prev as [number, number, number];
          const h = Math.floor(r / (W * C)),
            x = Math.floor(r / C) % W,
            c = r % C;
          onnxRow = (c * H + h) * W + x;
        }
        for (let o = 0; o < fout; o++) gemm[o * fin + onnxRow] = w.kernel[r * fout + o]!;
      }
      const weight = b.init({ shape: [fout, fin], data: gemm }, { name: `l${i}.weight` });
      const bias = b.init({ shape: [fout], data: w.bias }, { name: `l${i}.bias` });
      b.node("Gemm", [cur, weight, bias], { transB: 1 }, [out]);
    }
    cur = out;
  });
  b.output(outputName, [1, costs.outDim]);
  return b.bytes({
    producer: "@zkpop/biometric student exporter",
    graphName: arch.name,
    docString:
      opts.docString ??
      `${arch.name}: input ${inputName} [1,1,${arch.input},${arch.input}] = pixel bytes 0..255 as float`,
    metadata: opts.metadata,
  });
}
