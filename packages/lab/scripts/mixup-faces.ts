/**
 * Issue 12 (helper 12a): new identities for distillation. Each sample blends two aligned faces of
 * different people (ORL s1–s30 of the committed crop cache, or LFW), weight α ∈ [0.3, 0.7], both at
 * the student's `--size` crop and at the teacher's 150×150 chip (same template, so they stay
 * aligned); the teacher labels the blended chip. The parents are recorded (entry.source "a|b") so
 * a cross-validation fold only uses blends of its training people. Seeded: reproducible.
 *
 *   nice -n 10 npx tsx packages/lab/scripts/mixup-faces.ts --size 48 --count 1500 [--seed 12]
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { GrayImage } from "@zkpop/image";
import {
  alignFace,
  type CropCacheEntry,
  decodeCapture,
  pointsFromJson,
  readCropCache,
  writeCropCache,
} from "@zkpop/image";
import { loadLfwItems } from "../src/student/dataset.js";
import { mulberry32 } from "../src/student/prng.js";
import { teacherChip, teacherDescriptor } from "../src/teacher.js";
import { DATA_DIR, DEFAULT_ORL_DIR, flags, LAB_CACHE_DIR, RUNTIME_DATA_DIR } from "./common.js";

const f = flags(process.argv.slice(2));
const size = Number(f.get("size") ?? 48);
const count = Number(f.get("count") ?? 1500);
const seed = Number(f.get("seed") ?? 12);
const root = f.get("data") ?? DEFAULT_ORL_DIR;
const out = f.get("out") ?? path.join(LAB_CACHE_DIR, `mix-${size}-n${count}-seed${seed}.json`);

const orl = readCropCache(path.join(RUNTIME_DATA_DIR, "orl-crops-32.json"));
const padding = orl.index.padding;
const faces = [
  ...orl.index.entries.map((e) => {
    const gray = decodeCapture(readFileSync(path.join(root, e.source))).gray;
    const pts = pointsFromJson(e.points5);
    return {
      label: e.label,
      crop: alignFace(gray, pts, { size, padding }).crop,
      chip: teacherChip(gray, pts, padding).crop,
    };
  }),
  ...loadLfwItems(path.join(DATA_DIR, "lfw-faces-32.json")).map((it) => ({
    label: it.label,
    crop: alignFace(it.source, it.points, { size, padding }).crop,
    chip: teacherChip(it.source, it.points, padding).crop,
  })),
];
const blend = (a: GrayImage, b: GrayImage, w: number): GrayImage => ({
  width: a.width,
  height: a.height,
  data: Uint8Array.from(a.data, (v, i) => Math.round(w * v + (1 - w) * b.data[i]!)),
});
const rng = mulberry32(seed);
const entries: CropCacheEntry[] = [];
const crops: GrayImage[] = [];
const descriptors: Float32Array[] = [];
const t0 = Date.now();
for (let n = 0; n < count; n++) {
  const a = faces[rng.int(faces.length)]!;
  let b = faces[rng.int(faces.length)]!;
  while (b.label === a.label) b = faces[rng.int(faces.length)]!;
  const w = rng.uniform(0.3, 0.7);
  crops.push(blend(a.crop, b.crop, w));
  descriptors.push(await teacherDescriptor(blend(a.chip, b.chip, w)));
  entries.push({
    label: `mix${n}`,
    source: `${a.label}|${b.label}`,
    detScore: 0,
    points5: orl.index.entries[0]!.points5,
  });
  if ((n + 1) % 250 === 0) console.error(`${n + 1}/${count}, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
writeCropCache(
  out,
  {
    ...orl.index,
    dataset: `blends of two people (ORL s1-s30, LFW), seed ${seed}`,
    size,
    teacher: "teacher on the blended 150×150 chips",
    entries,
    missing: [],
  },
  crops,
  descriptors,
);
console.log(`wrote ${out}`);
