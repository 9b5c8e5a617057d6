/**
 * A teacher-labelled bank of synthetic faces: jittered, re-lit single faces and mixes of two
 * different faces, built at the teacher's 150x150 chip so the teacher labels exactly what is
 * shown (mixup with the mixed *teacher output*, not a mix of targets), then box-downsampled to
 * the 32x32 student crop. This widens the inputs the student must match beyond the 20 training
 * identities, which is where a 20-subject distillation overfits.
 */

import type { GrayImage } from "@zkpop/image";
import { alignFace, DEFAULT_PADDING, templatePoints } from "@zkpop/image";
import { type AugmentOptions, DEFAULT_AUGMENT, jitterPoints, photometric } from "./augment.js";
import type { FaceItem } from "./dataset.js";
import type { Rng } from "./prng.js";

export const BANK_CHIP = 150;

export interface BankSample {
  /** 150x150 chip for the teacher. */
  chip: GrayImage;
  /** The same picture as a 32x32 student crop. */
  crop: GrayImage;
  /** Indices of the source items and the weight of the first. */
  a: number;
  b: number;
  lambda: number;
}

/** Chip-scale augmentation: geometry and illumination only (noise and blur are added per step at 32). */
export function chipAugment(o: AugmentOptions = DEFAULT_AUGMENT): AugmentOptions {
  return {
    ...o,
    size: BANK_CHIP,
    padding: DEFAULT_PADDING,
    blurProb: 0,
    noise: 0,
    ramp: (o.ramp * BANK_CHIP) / o.size,
  };
}

/** One bank sample; with probability mixProb two different faces are blended with lambda in [0.2, 0.8]. */
export function bankSample(
  items: readonly FaceItem[],
  rng: Rng,
  mixProb: number,
  o: AugmentOptions = DEFAULT_AUGMENT,
  size = 32,
): BankSample {
  const co = chipAugment(o);
  const a = rng.int(items.length);
  const view = (i: number) => {
    const it = items[i]!;
    return alignFace(it.source, jitterPoints(it.points, rng, co), { size: BANK_CHIP, padding: co.padding })
      .crop.data;
  };
  let pix: Float32Array = Float32Array.from(view(a));
  let b = a,
    lambda = 1;
  if (rng.next() < mixProb) {
    do b = rng.int(items.length);
    while (items[b]!.label === items[a]!.label);
    lambda = rng.uniform(0.2, 0.8);
    const pb = view(b);
    for (let k = 0; k < pix.length; k++) pix[k] = lambda * pix[k]! + (1 - lambda) * pb[k]!;
  }
  pix = photometric(
    Uint8Array.from(pix, (v) => Math.round(v)),
    rng,
    co,
  );
  const chip: GrayImage = { width: BANK_CHIP, height: BANK_CHIP, data: Uint8Array.from(pix) };
  // Same framing at 32: the template of the chip maps onto the template of the crop.
  const crop = alignFace(chip, templatePoints(BANK_CHIP, co.padding), { size, padding: co.padding }).crop;
  return { chip, crop, a, b, lambda };
}
