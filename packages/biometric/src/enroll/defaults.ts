import path from "node:path";
import { readCropCache } from "../cache.js";
import { studentOnnxPath } from "../student/index.js";
import { trainingCalibration } from "./calibration.js";
import type { EnrollCircuitOptions } from "./circuit.js";
import type { LshParams } from "./lsh.js";

/**
 * LSH of the default enrollment circuit: L = 16 tables of k = 8 sign bits over the 64-d student
 * embedding. L and k are baked into the circuit (a change means a new key); the registry's m
 * (how many equal tags make a duplicate) is configuration. See the performance card for why.
 */
export const DEFAULT_LSH: Readonly<LshParams> = Object.freeze({
  dim: 64,
  tables: 16,
  bits: 8,
  seed: "zkpop-default",
});

/** The committed ORL crops (training subjects only are used, for calibration). */
function cropCachePath(): string {
  return path.join(path.dirname(studentOnnxPath()), "orl-crops-32.json");
}

/**
 * The default enrollment circuit: the committed student model, quantised with calibration crops
 * of the training subjects, and DEFAULT_LSH. Deterministic, so every machine builds the same circuit.
 */
export function defaultEnrollCircuitOptions(home?: string): EnrollCircuitOptions {
  return {
    model: studentOnnxPath(),
    calibration: trainingCalibration(readCropCache(cropCachePath())),
    lsh: { ...DEFAULT_LSH },
    home,
  };
}
