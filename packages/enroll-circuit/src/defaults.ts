import { intIn } from "@zkpop/errors";
import { readCropCache } from "@zkpop/image";
import type { QuantOptions } from "@zkpop/zkml";
import { trainingCalibration } from "./calibration.js";
import type { EnrollCircuitOptions } from "./circuit.js";
import { type LshParams, MAX_LSH_TABLES } from "./lsh.js";
import { orlCropsPath, studentOnnxPath } from "./student.js";

/**
 * LSH of the default enrollment circuit: L = 512 tables of k = 6 sign bits over the 64-d student
 * embedding, chosen by the cross-validated performance card (packages/lab/performance-card):
 * among settings whose tag part fits the proof budget (≤ 110 k constraints, the circuit stays
 * under 2^18), it catches the most re-enrollments on folds of people that made none of its
 * choices, while refusing at most 1 % of honest newcomers among 10^6 people there (k = 7 caught
 * 0.3 point more for 15 k more constraints). L and k are baked into the circuit (a change means a
 * new key and tag domain); m is registry configuration.
 */
export const DEFAULT_LSH: Readonly<LshParams> = Object.freeze({
  dim: 64,
  tables: 512,
  bits: 6,
  seed: "zkpop-default",
});

/**
 * The registry's matching rule for DEFAULT_LSH: a duplicate when at least this many tags are
 * stored. The card's m, chosen on every fold at a margin gallery of 10^12: an m chosen for 10^6
 * on some people refused up to 90 % of other people's honest newcomers (the card's held-out check).
 */
export const DEFAULT_DEDUP_THRESHOLD = 154;

/**
 * m of the m-of-L rule, as a registry configures it: an integer from 1 to MAX_LSH_TABLES (an
 * enrollment with fewer than m tags is refused as a bad request).
 */
export const dedupThresholdSchema = intIn(1, MAX_LSH_TABLES);

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
