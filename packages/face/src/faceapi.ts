/**
 * Loads @vladmandic/face-api for Node without tfjs-node: the package's `face-api.node-wasm.js`
 * build requires the pure-JS `@tensorflow/tfjs` and `@tensorflow/tfjs-backend-wasm`, and we point
 * the wasm backend at the .wasm files inside node_modules. Weights are read from the package's
 * `model/` folder with fs: nothing is downloaded.
 */

import { createRequire } from "node:module";
import path from "node:path";
import { ZkpopError } from "@zkpop/errors";

type FaceApi = typeof import("@vladmandic/face-api/dist/face-api.node-wasm.js");
export type Tf = typeof import("@tensorflow/tfjs");

const require = createRequire(import.meta.url);

export interface FaceRuntime {
  faceapi: FaceApi;
  /** The tfjs instance face-api itself uses. */
  tf: Tf;
  modelDir: string;
}

let loading: Promise<FaceRuntime> | null = null;

/** Directory of the bundled face-api weights. */
export function faceApiModelDir(): string {
  return path.join(path.dirname(require.resolve("@vladmandic/face-api/package.json")), "model");
}

async function load(): Promise<FaceRuntime> {
  const faceapi = require("@vladmandic/face-api/dist/face-api.node-wasm.js") as FaceApi;
  const wasm = require("@tensorflow/tfjs-backend-wasm") as { setWasmPaths(p: string): void };
  const wasmDir = path.join(
    path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")),
    "dist",
  );
  wasm.setWasmPaths(wasmDir + path.sep);
  // face-api.node-wasm requires "@tensorflow/tfjs" itself, so this is the very same instance.
  const tf = require("@tensorflow/tfjs") as Tf;
  if (!(await tf.setBackend("wasm")))
    throw new ZkpopError("FACE_RUNTIME_FAILED", "could not initialise the tfjs wasm backend");
  await tf.ready();
  const modelDir = faceApiModelDir();
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);
  return { faceapi, tf, modelDir };
}

/** Initialises the backend and the three networks once per process (detector, 68 landmarks, recogniser). */
export function loadFaceRuntime(): Promise<FaceRuntime> {
  if (!loading) {
    loading = load().catch((e) => {
      loading = null;
      throw e;
    });
  }
  return loading;
}
