import path from "node:path";
import { readCropCache } from "../cache.js";
import { studentOnnxPath } from "../student/index.js";
import { trainingCalibration } from "./calibration.js";
import type { EnrollCircuitOptions } from "./circuit.js";
import type { LshParams } from "./lsh.js";

/**
 * LSH of the default enrollment circuit: L = 64 tables of k = 8 sign bits over the 64-d student
 * embedding, chosen by the performance card (packages/biometric/performance-card): with m = 16
 * (the registry's default dedupThreshold) it catches the most re-enrollments among the settings
 * that refuse at most 1 % of honest newcomers in a gallery of 10^6 people. L and k are baked
 * into the circuit (a change means a new key and tag domain); m is registry configuration.
 */
export const DEFAULT_LSH: Readonly<LshParams> = Object.freeze({
  dim: 64,
  tables: 64,
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
