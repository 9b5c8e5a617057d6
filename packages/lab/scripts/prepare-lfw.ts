/**
 * Converts scikit-image's lfw_subset.npy (faces only) into data/lfw-subset-25.bin (raw 25x25
 * bytes) and a crop cache data/lfw-faces-32.{bin,json}: five points from face-api's 68-landmark
 * net run on the whole (4x upscaled) crop, then the 32x32 crop and the teacher descriptor of the
 * 150x150 chip with the same template. The SSD detector is skipped: on these tight, blurry 25x25
 * crops it found 0 of 100 faces even at minConfidence 0.1, while the crops are face boxes
 * already, which is what the landmark net expects (detScore is therefore 0).
 *
 *   apt-get install python3-skimage   # ships the .npy (BSD-3-Clause; data from LFW, UMass Amherst)
 *   npx tsx packages/lab/scripts/prepare-lfw.ts [--npy PATH]
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { loadFaceRuntime } from "@zkpop/face";
import {
  alignFace,
  type CropCacheEntry,
  DEFAULT_PADDING,
  type FivePoints,
  fivePointsFrom68,
  type GrayImage,
  grayToRgb,
  type Point,
  pointsFromJson,
  pointsToJson,
  writeCropCache,
} from "@zkpop/image";
import { DEFAULT_LFW_NPY, LFW_CREDIT, LFW_FACES, parseNpyGray, upscaleGray } from "../src/student/lfw.js";
import { TEACHER_DIM, teacherChip, teacherDescriptor } from "../src/teacher.js";
import { DATA_DIR, flags } from "./common.js";

const f = flags(process.argv.slice(2));
const npy = f.get("npy") ?? DEFAULT_LFW_NPY;
const faces = parseNpyGray(readFileSync(npy)).slice(0, LFW_FACES);
const UP = 4;

const { faceapi, tf } = await loadFaceRuntime();
const found: FivePoints[] = [];
for (const img of faces) {
  const up = grayToRgb(upscaleGray(img, UP));
  const t = tf.tensor3d(Float32Array.from(up.data), [up.height, up.width, 3], "float32");
  try {
    // face-api bundles its own tfjs typings; the runtime tensor is the same class.
    const lm = (await faceapi.detectFaceLandmarks(t as never)) as unknown as { positions: Point[] };
    found.push(fivePointsFrom68(lm.positions.map((p) => ({ x: p.x / UP, y: p.y / UP }))));
  } finally {
    t.dispose();
  }
}

const entries: CropCacheEntry[] = [];
const crops: GrayImage[] = [];
const descriptors: Float32Array[] = [];
for (const [i, img] of faces.entries()) {
  const points5 = pointsToJson(found[i]!);
  const pts = pointsFromJson(points5);
  crops.push(alignFace(img, pts, { size: 32, padding: DEFAULT_PADDING }).crop);
  descriptors.push(await teacherDescriptor(teacherChip(img, pts, DEFAULT_PADDING).crop));
  entries.push({ label: `lfw${i}`, source: `lfw-subset-25.bin#${i}`, detScore: 0, points5 });
}
const src = Buffer.concat(faces.map((g) => Buffer.from(g.data)));
writeFileSync(path.join(DATA_DIR, "lfw-subset-25.bin"), src);
writeCropCache(
  path.join(DATA_DIR, "lfw-faces-32.json"),
  {
    dataset: `scikit-image lfw_subset.npy, faces 0-${LFW_FACES - 1} (25x25; raw bytes in lfw-subset-25.bin; points from the 68-landmark net on a ${UP}x upscale, no detector)`,
    credit: LFW_CREDIT,
    size: 32,
    padding: DEFAULT_PADDING,
    teacher:
      "@vladmandic/face-api FaceRecognitionNet (dlib ResNet), 128-d, on the 150x150 chip upsampled from the 25x25 source",
    descriptorDim: TEACHER_DIM,
    entries,
    missing: [],
  },
  crops,
  descriptors,
);
console.log(`wrote lfw-faces-32 (${faces.length} faces)`);
