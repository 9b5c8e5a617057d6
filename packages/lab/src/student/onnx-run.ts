/**
 * Runs an exported student with onnxruntime-node (CPU), one crop at a time (the input is fixed
 * at batch 1, as the circuit takes it). Used by the scripts and tests to check the ONNX file.
 */
import { createRequire } from "node:module";

type Ort = typeof import("onnxruntime-node");

/** ONNX opset and tensor names of the committed students (input pixel bytes as float, output the embedding). */
export const ONNX_OPSET = 13;
export const ONNX_INPUT = "pixels";
export const ONNX_OUTPUT = "embedding";
const require = createRequire(import.meta.url);

export interface OnnxStudent {
  inputDims: readonly number[];
  outputDims: readonly number[];
  embed(crop: ArrayLike<number>): Promise<Float32Array>;
  release(): Promise<void>;
}

export async function loadOnnxStudent(model: Uint8Array | string): Promise<OnnxStudent> {
  const ort = require("onnxruntime-node") as Ort;
  const session = await ort.InferenceSession.create(model as Uint8Array, {
    executionProviders: ["cpu"],
    intraOpNumThreads: 1,
  });
  const inMeta = session.inputMetadata?.[0] as { shape?: readonly (number | string)[] } | undefined;
  const outMeta = session.outputMetadata?.[0] as { shape?: readonly (number | string)[] } | undefined;
  const side = Number(inMeta?.shape?.[3] ?? 32);
  return {
    inputDims: (inMeta?.shape ?? []).map(Number),
    outputDims: (outMeta?.shape ?? []).map(Number),
    async embed(crop) {
      const x = new ort.Tensor("float32", Float32Array.from(crop), [1, 1, side, side]);
      const out = await session.run({ [ONNX_INPUT]: x });
      return Float32Array.from(out[ONNX_OUTPUT]!.data as Float32Array);
    },
    release: () => session.release(),
  };
}
