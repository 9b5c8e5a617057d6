/**
 * Detects and aligns every ORL image once and caches the crops and teacher descriptors, so
 * training and evaluation never re-run the detector.
 *
 *   npx tsx packages/lab/scripts/prepare-crops.ts [--size 32] [--padding 0.25] [--subjects 1-40] [--data DIR] [--out FILE.json]
 *
 * Data: ORL face database, Olivetti Research Laboratory (Samaria & Harter 1994).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { detectFace, FaceNotFoundError } from "@zkpop/face";
import type { GrayImage } from "@zkpop/image";
import {
  alignFace,
  type CropCacheEntry,
  DEFAULT_CROP_SIZE,
  DEFAULT_PADDING,
  decodeCapture,
  pointsFromJson,
  pointsToJson,
  writeCropCache,
} from "@zkpop/image";
import { listOrlImages, ORL_CREDIT, parseSubjects } from "../src/orl.js";
import { TEACHER_DIM, teacherChip, teacherDescriptor } from "../src/teacher.js";
import { DEFAULT_ORL_DIR, flags, RUNTIME_DATA_DIR } from "./common.js";

const f = flags(process.argv.slice(2));
const size = Number(f.get("size") ?? DEFAULT_CROP_SIZE);
const padding = Number(f.get("padding") ?? DEFAULT_PADDING);
const root = f.get("data") ?? DEFAULT_ORL_DIR;
const images = listOrlImages(root, parseSubjects(f.get("subjects") ?? "1-40"));
const out = f.get("out") ?? path.join(RUNTIME_DATA_DIR, `orl-crops-${size}.json`);
if (images.length === 0) throw new Error(`no ORL images under ${root}`);

const entries: CropCacheEntry[] = [];
const crops: GrayImage[] = [];
const descriptors: Float32Array[] = [];
const missing: string[] = [];
const t0 = Date.now();
for (const [i, img] of images.entries()) {
  const gray = decodeCapture(readFileSync(path.join(root, img.source))).gray;
  try {
    const face = await detectFace(gray);
    // Round the points first so the JSON index reproduces the crops exactly.
    const points5 = pointsToJson(face.points5);
    const pts = pointsFromJson(points5);
    crops.push(alignFace(gray, pts, { size, padding }).crop);
    descriptors.push(await teacherDescriptor(teacherChip(gray, pts, padding).crop));
    entries.push({
      label: img.label,
      source: img.source,
      detScore: Math.round(face.score * 1e4) / 1e4,
      points5,
    });
  } catch (e) {
    if (!(e instanceof FaceNotFoundError)) throw e;
    missing.push(img.source);
  }
  if ((i + 1) % 50 === 0 || i + 1 === images.length) {
    console.error(
      `${i + 1}/${images.length} images, ${missing.length} without a face, ${((Date.now() - t0) / 1000).toFixed(0)} s`,
    );
  }
}

const index = writeCropCache(
  out,
  {
    dataset: `ORL s${images[0]!.subject}-s${images.at(-1)!.subject} (${path.basename(root)})`,
    credit: ORL_CREDIT,
    size,
    padding,
    teacher:
      "@vladmandic/face-api FaceRecognitionNet (dlib ResNet), 128-d, on the 150x150 grey chip with the same template",
    descriptorDim: TEACHER_DIM,
    entries,
    missing,
  },
  crops,
  descriptors,
);
console.log(
  `wrote ${out} (${index.count} crops ${size}x${size}, ${missing.length} missing: ${missing.join(" ") || "none"})`,
);
