/**
 * Builds the teacher-labelled synthetic bank (src/student/bank.ts) from the training faces only
 * (ORL s1-s20 + the LFW faces) into a crop cache, default .cache/bank-32.{bin,json} (regenerable,
 * not committed). About 0.05-0.1 s a sample (one teacher descriptor each).
 *
 *   npx tsx packages/lab/scripts/prepare-bank.ts [--count 4000] [--seed 7] [--mix 0.7] [--lfw 1] [--out FILE.json]
 */

import { mkdirSync } from "node:fs";
import path from "node:path";
import type { GrayImage } from "@zkpop/image";
import { type CropCacheEntry, writeCropCache } from "@zkpop/image";
import { bankSample } from "../src/student/bank.js";
import { loadLfwItems, loadOrlItems } from "../src/student/dataset.js";
import { mulberry32 } from "../src/student/prng.js";
import { TEACHER_DIM, teacherDescriptor } from "../src/teacher.js";
import { DATA_DIR, DEFAULT_ORL_DIR, flags, PACKAGE_DIR, RUNTIME_DATA_DIR } from "./common.js";

const f = flags(process.argv.slice(2));
const count = Number(f.get("count") ?? 4000);
const seed = Number(f.get("seed") ?? 7);
const mix = Number(f.get("mix") ?? 0.7);
const out = path.resolve(f.get("out") ?? path.join(PACKAGE_DIR, ".cache", "bank-32.json"));
const items = [
  ...loadOrlItems(
    path.join(RUNTIME_DATA_DIR, "orl-crops-32.json"),
    f.get("data") ?? DEFAULT_ORL_DIR,
    (s) => s >= 1 && s <= 20,
  ),
  ...((f.get("lfw") ?? "1") !== "0" ? loadLfwItems(path.join(DATA_DIR, "lfw-faces-32.json")) : []),
];
const rng = mulberry32(seed);
const entries: CropCacheEntry[] = [];
const crops: GrayImage[] = [];
const descriptors: Float32Array[] = [];
const t0 = Date.now();
for (let i = 0; i < count; i++) {
  const s = bankSample(items, rng, mix);
  descriptors.push(await teacherDescriptor(s.chip));
  crops.push(s.crop);
  // points5 = the crop's own template: re-crops of a bank sample use the identity framing.
  entries.push({
    label: `bank${i}`,
    source: `${items[s.a]!.label}*${s.lambda.toFixed(3)}+${items[s.b]!.label}`,
    detScore: 0,
    points5: [],
  });
  if ((i + 1) % 250 === 0) console.error(`${i + 1}/${count} ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
mkdirSync(path.dirname(out), { recursive: true });
writeCropCache(
  out,
  {
    dataset: `synthetic bank from ORL s1-s20 + LFW faces (seed ${seed}, mix ${mix})`,
    credit: "ORL (Olivetti Research Laboratory) and LFW (UMass Amherst, via scikit-image) derived",
    size: 32,
    padding: 0.25,
    teacher: "@vladmandic/face-api FaceRecognitionNet on the 150x150 synthetic chip",
    descriptorDim: TEACHER_DIM,
    entries,
    missing: [],
  },
  crops,
  descriptors,
);
console.log(`wrote ${out}: ${count} samples in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
