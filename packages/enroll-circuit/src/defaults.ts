import { readCropCache } from "@zkpop/image";
import type { QuantOptions } from "@zkpop/zkml";
import { trainingCalibration } from "./calibration.js";
import type { EnrollCircuitOptions } from "./circuit.js";
import type { LshParams } from "./lsh.js";
import { orlCropsPath, studentOnnxPath } from "./student.js";

/**
 * LSH of the default enrollment circuit: L = 48 tables of k = 8 sign bits over the 64-d student
 * embedding, chosen by the performance card (packages/lab/performance-card): with m = 16
 * (the registry's default dedupThreshold) it catches the most re-enrollments among the settings
 * that refuse at most 1 % of honest newcomers in a gallery of 10^6 people. L and k are baked
 * into the circuit (a change means a new key and tag domain); m is registry configuration.
 */
export const DEFAULT_LSH: Readonly<LshParams> = Object.freeze({
  dim: 64,
  tables: 48,
  bits: 8,
  seed: "zkpop-default",
});

/**
 * Quantisation of the default circuit: 11-bit activations keep every held-out crop's circuit
 * output within cosine 0.99 of the float model (min 0.998 on s21-s30; 8 bits: 0.908, 10 bits:
 * 0.987) for 768 more constraints than 8 bits (75,072 vs 74,304 for the model).
 */
export const DEFAULT_QUANT: Readonly<QuantOptions> = Object.freeze({ activationBits: 11 });

/**
 * The default enrollment circuit: the committed student model, quantised with calibration crops
 * of the training subjects, and DEFAULT_LSH. Deterministic, so every machine builds the same circuit.
 */
export function defaultEnrollCircuitOptions(home?: string): EnrollCircuitOptions {
  return {
    model: studentOnnxPath(),
    calibration: trainingCalibration(readCropCache(orlCropsPath())),
    quant: { ...DEFAULT_QUANT },
    lsh: { ...DEFAULT_LSH },
    home,
  };
}
