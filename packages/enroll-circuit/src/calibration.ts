import type { CropCache } from "@zkpop/image";

/** Subject number of an ORL label ("s7" -> 7). */
export const orlSubject = (label: string): number => Number(label.slice(1));

/**
 * Calibration crops for the model's activation ranges, from training subjects only (s1 to
 * `maxSubject`), so that nothing about the held-out people leaks into the circuit.
 */
export function trainingCalibration(
  cache: CropCache,
  opts: { maxSubject?: number; count?: number } = {},
): number[][] {
  const max = opts.maxSubject ?? 20;
  return cache.crops
    .filter((_, i) => orlSubject(cache.index.entries[i]!.label) <= max)
    .slice(0, opts.count ?? 60)
    .map((c) => Array.from(c.data));
}
