/**
 * Training and evaluation sets for the student: each face with its source image, landmarks and
 * teacher descriptor. ORL sources are decoded from the dataset directory (landmarks and
 * descriptors from the crop cache); LFW faces come from data/lfw-subset-25.bin + lfw-faces-32.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { FivePoints, GrayImage } from "@zkpop/image";
import { type CropCache, decodeCapture, pointsFromJson, readCropCache, templatePoints } from "@zkpop/image";
import { LFW_SIDE } from "./lfw.js";

export interface FaceItem {
  /** Identity label ("s7"), or a unique "lfwN" for unlabelled faces. */
  label: string;
  source: GrayImage;
  points: FivePoints;
  /** The deployment crop (cache), size x size bytes. */
  crop: Uint8Array;
  /** Raw 128-d teacher descriptor. */
  teacher: Float32Array;
}

export function subjectNumber(label: string): number {
  return /^s(\d+)$/.test(label) ? Number(label.slice(1)) : Number.NaN;
}

function items(cache: CropCache, sourceOf: (i: number) => GrayImage): FaceItem[] {
  return cache.index.entries.map((e, i) => ({
    label: e.label,
    source: sourceOf(i),
    points: pointsFromJson(e.points5),
    crop: cache.crops[i]!.data,
    teacher: cache.descriptors[i]!,
  }));
}

/** ORL faces from the crop cache; `subjects` filters by subject number. */
export function loadOrlItems(
  cachePath: string,
  orlDir: string,
  subjects: (s: number) => boolean,
): FaceItem[] {
  const cache = readCropCache(cachePath);
  return items(
    cache,
    (i) => decodeCapture(readFileSync(path.join(orlDir, cache.index.entries[i]!.source))).gray,
  ).filter((it) => subjects(subjectNumber(it.label)));
}

/** LFW faces: crop cache lfw-faces-32.json next to the raw 25x25 bytes it names. */
export function loadLfwItems(cachePath: string): FaceItem[] {
  const cache = readCropCache(cachePath);
  const raw = readFileSync(path.join(path.dirname(cachePath), "lfw-subset-25.bin"));
  const side = LFW_SIDE;
  return items(cache, (i) => ({
    width: side,
    height: side,
    data: new Uint8Array(raw.subarray(i * side * side, (i + 1) * side * side)),
  }));
}

/** Synthetic bank samples (scripts/prepare-bank.ts): the crop is its own source, framed by the template. */
export function loadBankItems(cachePath: string): FaceItem[] {
  const cache = readCropCache(cachePath);
  const points = templatePoints(cache.index.size, cache.index.padding);
  return cache.index.entries.map((e, i) => ({
    label: e.label,
    source: cache.crops[i]!,
    points,
    crop: cache.crops[i]!.data,
    teacher: cache.descriptors[i]!,
  }));
}
