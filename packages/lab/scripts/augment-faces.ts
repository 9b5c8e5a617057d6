/**
 * Issue 12 (helper 12a): teacher-labelled augmentation. For every ORL face of the committed crop
 * cache (and every LFW face), `--per` variants: the source image gets a global illumination change
 * (gamma, gain, bias, a lighting ramp, sensor noise), the landmarks a random similarity
 * (rotation, scale, shift, per-point noise: augment.ts `jitterPoints`); then the student's
 * `--size` crop and the teacher's 150×150 chip are cut from the same jittered image and points,
 * and the teacher labels the chip. Seeded per face: reproducible.
 *
 *   nice -n 10 npx tsx packages/lab/scripts/augment-faces.ts --size 48 --per 4 [--seed 12] [--out FILE.json]
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { GrayImage } from "@zkpop/image";
import {
  alignFace,
  type CropCacheEntry,
  decodeCapture,
  pointsFromJson,
  pointsToJson,
  readCropCache,
  writeCropCache,
} from "@zkpop/image";
import { DEFAULT_AUGMENT, jitterPoints } from "../src/student/augment.js";
import { loadLfwItems } from "../src/student/dataset.js";
import { mulberry32, type Rng } from "../src/student/prng.js";
import { teacherChip, teacherDescriptor } from "../src/teacher.js";
import { DATA_DIR, DEFAULT_ORL_DIR, flags, LAB_CACHE_DIR, RUNTIME_DATA_DIR } from "./common.js";

const f = flags(process.argv.slice(2));
const size = Number(f.get("size") ?? 48);
const per = Number(f.get("per") ?? 4);
const seed = Number(f.get("seed") ?? 12);
const root = f.get("data") ?? DEFAULT_ORL_DIR;
const out = f.get("out") ?? path.join(LAB_CACHE_DIR, `aug-${size}-x${per}-seed${seed}.json`);
const opts = { ...DEFAULT_AUGMENT, size };

/** Global illumination on a whole source image (so crop and chip see the same capture). */
function relight(img: GrayImage, rng: Rng): GrayImage {
  const gamma = Math.exp(rng.uniform(-1, 1) * opts.gamma);
  const gain = Math.exp(rng.uniform(-1, 1) * Math.log(opts.gain));
  const bias = rng.uniform(-1, 1) * opts.bias;
  const ramp = rng.next() < opts.rampProb;
  const a = rng.uniform(0, 2 * Math.PI),
    amp = ramp ? rng.uniform(0, opts.ramp) : 0;
  const sigma = rng.uniform(0, opts.noise);
  const { width: w, height: h } = img;
  let mean = 0;
  const v = Float64Array.from(img.data, (x) => {
    const y = 255 * (x / 255) ** gamma;
    mean += y / img.data.length;
    return y;
  });
  const data = new Uint8Array(v.length);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const r = (Math.cos(a) * (x - w / 2)) / w + (Math.sin(a) * (y - h / 2)) / h;
      const val = gain * (v[i]! - mean) + mean + bias + amp * r + sigma * rng.normal();
      data[i] = Math.min(255, Math.max(0, Math.round(val)));
    }
  return { width: w, height: h, data };
}

const orl = readCropCache(path.join(RUNTIME_DATA_DIR, "orl-crops-32.json"));
const lfw = loadLfwItems(path.join(DATA_DIR, "lfw-faces-32.json"));
const sources = [
  ...orl.index.entries.map((e) => ({
    label: e.label,
    source: e.source,
    gray: decodeCapture(readFileSync(path.join(root, e.source))).gray,
    points: pointsFromJson(e.points5),
  })),
  ...lfw.map((it, i) => ({ label: it.label, source: `lfw#${i}`, gray: it.source, points: it.points })),
];
const entries: CropCacheEntry[] = [];
const crops: GrayImage[] = [];
const descriptors: Float32Array[] = [];
const t0 = Date.now();
for (const [i, s] of sources.entries()) {
  const rng = mulberry32(seed * 100_003 + i);
  for (let v = 0; v < per; v++) {
    const gray = relight(s.gray, rng);
    const pts = pointsFromJson(pointsToJson(jitterPoints(s.points, rng, opts)));
    crops.push(alignFace(gray, pts, { size, padding: orl.index.padding }).crop);
    descriptors.push(await teacherDescriptor(teacherChip(gray, pts, orl.index.padding).crop));
    entries.push({ label: s.label, source: s.source, detScore: 0, points5: pointsToJson(pts) });
  }
  if ((i + 1) % 50 === 0)
    console.error(`${i + 1}/${sources.length}, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
writeCropCache(
  out,
  {
    ...orl.index,
    dataset: `augmented ORL s1-s30 + LFW, ${per} per face, seed ${seed}`,
    size,
    teacher: "teacher on the 150×150 chip of the same augmented image and jittered points",
    entries,
    missing: [],
  },
  crops,
  descriptors,
);
console.log(`wrote ${out}: ${entries.length} augmented faces`);
