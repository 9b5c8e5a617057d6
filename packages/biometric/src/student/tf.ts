/**
 * One tfjs instance for the student, loaded with require like src/faceapi.ts so that face-api and
 * the student share it when both run in a process. 'wasm' is ~10x faster than the pure-JS 'cpu'
 * backend here; the student's ops all have wasm gradients (see model.ts).
 */
import { createRequire } from "node:module";
import path from "node:path";
import type * as tfjs from "@tensorflow/tfjs";

const require = createRequire(import.meta.url);

export type Tf = typeof tfjs;
export type TfBackend = "cpu" | "wasm";

export async function loadTf(backend: TfBackend = "wasm"): Promise<Tf> {
  const tf = require("@tensorflow/tfjs") as Tf;
  if (backend === "wasm") {
    const wasm = require("@tensorflow/tfjs-backend-wasm") as { setWasmPaths(p: string): void };
    const dir = path.join(
      path.dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")),
      "dist",
    );
    wasm.setWasmPaths(dir + path.sep);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`could not initialise the tfjs ${backend} backend`);
  await tf.ready();
  return tf;
}
