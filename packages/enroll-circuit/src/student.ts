import path from "node:path";
import { fileURLToPath } from "node:url";

/** This package's data folder (shipped in `files`; works from src/ and dist/). */
function dataDir(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../data");
}

/** The committed student face model (data/student-32.onnx) the default enrollment circuit runs. */
export function studentOnnxPath(): string {
  return path.join(dataDir(), "student-32.onnx");
}

/** The committed ORL crop cache (data/orl-crops-32.json); training subjects calibrate the default circuit. */
export function orlCropsPath(): string {
  return path.join(dataDir(), "orl-crops-32.json");
}
