import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

/**
 * The model zoo (`packages/zkml/zoo`): three small classifiers of the UCI 8x8 handwritten digits
 * (shipped in zoo/data, see CREDIT.md), trained by zoo/train.py, written by zoo/build.ts.
 */
export const ZOO_MODELS = ["digits-mlp", "digits-cnn", "digits-resnet"] as const;
export type ZooModel = (typeof ZOO_MODELS)[number];

export const zooDir = (): string => path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "zoo");
export const zooModelPath = (name: ZooModel): string => path.join(zooDir(), `${name}.onnx`);

export interface Digits {
  /** 64 pixels per image, scaled to [0, 1] (the source counts 0..16 per 4x4 block). */
  images: number[][];
  labels: number[];
  /** Indices of the seeded 80/20 split the zoo was trained on (zoo/split.json). */
  train: number[];
  heldOut: number[];
}

export function loadDigits(): Digits {
  const csv = gunzipSync(readFileSync(path.join(zooDir(), "data", "digits.csv.gz"))).toString("utf8");
  const rows = csv
    .trim()
    .split("\n")
    .map((l) => l.split(",").map(Number));
  const split = JSON.parse(readFileSync(path.join(zooDir(), "split.json"), "utf8")) as {
    train: number[];
    heldOut: number[];
  };
  return {
    images: rows.map((r) => r.slice(0, 64).map((v) => v / 16)),
    labels: rows.map((r) => r[64]!),
    train: split.train,
    heldOut: split.heldOut,
  };
}

export const argmax = (v: ArrayLike<number>): number => {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
};
