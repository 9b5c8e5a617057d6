/**
 * The crop cache: aligned crops and teacher descriptors for a dataset, written once by
 * scripts/prepare-crops.ts so training and evaluation never re-run the detector.
 * Layout: `<name>.bin` = all crops (count * size * size bytes) then all descriptors
 * (count * 128 float32, little-endian); `<name>.json` = the index below.
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ZkpopError } from "@zkpop/errors";
import type { GrayImage } from "./image.js";
import type { FivePoints } from "./landmarks.js";

export const CROP_CACHE_FORMAT = "zkpop-face-crops/1";

export interface CropCacheEntry {
  /** Identity label (e.g. "s7"); pairs with equal labels are genuine. */
  label: string;
  /** Path of the source image relative to the dataset root. */
  source: string;
  detScore: number;
  /** Five points in source-image pixels, rounded to 1/1024 px; the crop was made from these exact values. */
  points5: [number, number][];
}

export interface CropCacheIndex {
  format: typeof CROP_CACHE_FORMAT;
  dataset: string;
  credit: string;
  size: number;
  padding: number;
  teacher: string;
  descriptorDim: number;
  count: number;
  binFile: string;
  binSha256: string;
  /** Byte offset of the first descriptor in the .bin file. */
  descriptorOffset: number;
  entries: CropCacheEntry[];
  /** Sources in which no face was found (excluded from entries). */
  missing: string[];
}

export interface CropCache {
  index: CropCacheIndex;
  crops: GrayImage[];
  descriptors: Float32Array[];
}

export function pointsToJson(p: FivePoints): [number, number][] {
  return p.map((q) => [Math.round(q.x * 1024) / 1024, Math.round(q.y * 1024) / 1024]);
}

export function pointsFromJson(p: readonly [number, number][]): FivePoints {
  if (p.length !== 5) throw new ZkpopError("CACHE_MALFORMED", "points5 must have 5 points");
  return p.map(([x, y]) => ({ x, y })) as FivePoints;
}

export function writeCropCache(
  jsonPath: string,
  meta: Omit<CropCacheIndex, "format" | "count" | "binFile" | "binSha256" | "descriptorOffset">,
  crops: readonly GrayImage[],
  descriptors: readonly Float32Array[],
): CropCacheIndex {
  const n = meta.entries.length;
  if (crops.length !== n || descriptors.length !== n)
    throw new ZkpopError("CACHE_MALFORMED", "one crop and one descriptor per entry");
  const cropBytes = meta.size * meta.size;
  const descriptorOffset = n * cropBytes;
  const bin = Buffer.alloc(descriptorOffset + n * meta.descriptorDim * 4);
  crops.forEach((c, i) => {
    if (c.width !== meta.size || c.height !== meta.size)
      throw new ZkpopError("CACHE_MALFORMED", `crop ${i} is not ${meta.size}x${meta.size}`);
    bin.set(c.data, i * cropBytes);
  });
  descriptors.forEach((d, i) => {
    if (d.length !== meta.descriptorDim)
      throw new ZkpopError("CACHE_MALFORMED", `descriptor ${i} has ${d.length} values`);
    for (let k = 0; k < d.length; k++)
      bin.writeFloatLE(d[k]!, descriptorOffset + (i * meta.descriptorDim + k) * 4);
  });
  const binFile = `${path.basename(jsonPath, ".json")}.bin`;
  writeFileSync(path.join(path.dirname(jsonPath), binFile), bin);
  const index: CropCacheIndex = {
    format: CROP_CACHE_FORMAT,
    ...meta,
    count: n,
    binFile,
    binSha256: createHash("sha256").update(bin).digest("hex"),
    descriptorOffset,
  };
  writeFileSync(jsonPath, `${JSON.stringify(index, null, 1)}\n`);
  return index;
}

/** Reads and checks (format, sizes, sha256) a cache written by writeCropCache. */
export function readCropCache(jsonPath: string): CropCache {
  const index = JSON.parse(readFileSync(jsonPath, "utf8")) as CropCacheIndex;
  if (index.format !== CROP_CACHE_FORMAT)
    throw new ZkpopError("CACHE_MALFORMED", `${jsonPath}: unknown format ${String(index.format)}`);
  const bin = readFileSync(path.join(path.dirname(jsonPath), index.binFile));
  const sha = createHash("sha256").update(bin).digest("hex");
  if (sha !== index.binSha256)
    throw new ZkpopError("CACHE_HASH_MISMATCH", `${index.binFile}: sha256 ${sha} does not match the index`);
  const cropBytes = index.size * index.size;
  if (
    index.entries.length !== index.count ||
    bin.length !== index.count * (cropBytes + 4 * index.descriptorDim)
  ) {
    throw new ZkpopError("CACHE_MALFORMED", `${index.binFile}: size does not match ${index.count} entries`);
  }
  const crops: GrayImage[] = [];
  const descriptors: Float32Array[] = [];
  for (let i = 0; i < index.count; i++) {
    crops.push({
      width: index.size,
      height: index.size,
      data: new Uint8Array(bin.subarray(i * cropBytes, (i + 1) * cropBytes)),
    });
    const d = new Float32Array(index.descriptorDim);
    for (let k = 0; k < d.length; k++)
      d[k] = bin.readFloatLE(index.descriptorOffset + (i * index.descriptorDim + k) * 4);
    descriptors.push(d);
  }
  return { index, crops, descriptors };
}
