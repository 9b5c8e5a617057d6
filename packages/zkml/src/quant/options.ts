import { intIn, oneOf, parseOptions } from "@zkpop/errors";
import { z } from "zod";

/** How a model is quantised into the circuit's integer program; every field has a default (QUANT_DEFAULTS). */
export interface QuantOptions {
  /** Bits of every activation after rescaling (the clamp window), 2 to 32. Default 8. */
  activationBits?: number;
  /** Bits of quantised weights (signed), 2 to 32. Constant weights cost nothing; more bits widen the decomposition. Default 8. */
  weightBits?: number;
  /** Bits of the range-checked input integers, 1 to 32. Default 8. */
  inputBits?: number;
  /** Bits of the model outputs, 2 to 64. Default 16. */
  outputBits?: number;
  /** Weight scale per output channel (default) or one per tensor. */
  weightScale?: "per-channel" | "per-tensor";
  /** Calibrated ranges are widened by this factor (1 to 16) before scales are chosen (values beyond saturate). Default 1.25. */
  headroom?: number;
  /** Compose a lazy input into Conv/Gemm/MatMul when its mean fan-in is at most this (0 to 1024; else rescale it first). Default 4. */
  composeLimit?: number;
  /**
   * "constant" (default): weights are circuit constants (linear layers cost nothing). "hashed":
   * weights are private inputs, range-checked, and their Poseidon commitment is a public output
   * (1 constraint per MAC + about weightBits + 1.25 per distinct weight); biases stay constants.
   */
  weights?: "constant" | "hashed";
  /** Input visibility (see `Visibility`): "private" (default), "public" or "hashed". */
  input?: "private" | "public" | "hashed";
  /** Output visibility: "public" (default) or "hashed". */
  output?: "public" | "hashed";
}

/** The default of every quantisation option. */
export const QUANT_DEFAULTS: Readonly<Required<QuantOptions>> = Object.freeze({
  activationBits: 8,
  weightBits: 8,
  inputBits: 8,
  outputBits: 16,
  weightScale: "per-channel",
  headroom: 1.25,
  composeLimit: 4,
  weights: "constant",
  input: "private",
  output: "public",
});

const D = QUANT_DEFAULTS;

/**
 * QuantOptions with their bounds; parsing fills in QUANT_DEFAULTS. Other keys (a compile's
 * calibration, outDir, ...) pass through untouched and are dropped from the result.
 */
export const quantOptionsSchema: z.ZodType<Required<QuantOptions>, QuantOptions> = z.object({
  activationBits: intIn(2, 32).default(D.activationBits),
  weightBits: intIn(2, 32).default(D.weightBits),
  inputBits: intIn(1, 32).default(D.inputBits),
  outputBits: intIn(2, 64).default(D.outputBits),
  weightScale: oneOf(["per-channel", "per-tensor"]).default(D.weightScale),
  headroom: z
    .number({ error: "must be a number in [1, 16]" })
    .min(1, { error: "must be a number in [1, 16]" })
    .max(16, { error: "must be a number in [1, 16]" })
    .default(D.headroom),
  composeLimit: intIn(0, 1024).default(D.composeLimit),
  weights: oneOf(["constant", "hashed"]).default(D.weights),
  input: oneOf(["private", "public", "hashed"]).default(D.input),
  output: oneOf(["public", "hashed"]).default(D.output),
});

/** Every option with its default filled in, or ZKML_OPTION naming the first bad one and its bounds. */
export function resolveQuantOptions(opts: QuantOptions = {}): Required<QuantOptions> {
  return parseOptions(quantOptionsSchema, opts, "ZKML_OPTION", "");
}
