/**
 * Issue 12 (helper 12a): the ORL faces re-cut at another crop size, with the teacher on that crop.
 * Uses the landmarks and 150×150-chip descriptors of the committed 32×32 crop cache (so the
 * detector is not re-run), re-aligns each source image at `--size`, and writes a crop cache with
 * the teacher's descriptor of the small crop itself (face-api upsamples it), for the ceiling.
 *
 *   nice -n 10 npx tsx packages/lab/scripts/crop-size-faces.ts --size 48 [--subjects 1-30] [--out FILE.json]
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { GrayImage } from "@zkpop/image";
import { alignFace, decodeCapture, pointsFromJson, readCropCache, writeCropCache } from "@zkpop/image";
import { parseSubjects } from "../src/orl.js";
import { loadLfwItems, subjectNumber } from "../src/student/dataset.js";
import { teacherDescriptor } from "../src/teacher.js";
import { DATA_DIR, DEFAULT_ORL_DIR, flags, LAB_CACHE_DIR, RUNTIME_DATA_DIR } from "./common.js";

const f = flags(process.argv.slice(2));
const size = Number(f.get("size") ?? 48);
const root = f.get("data") ?? DEFAULT_ORL_DIR;
const wanted = new Set(parseSubjects(f.get("subjects") ?? "1-30"));
const out = f.get("out") ?? path.join(LAB_CACHE_DIR, `orl-crops-${size}-teacher-at-crop.json`);
const base = readCropCache(path.join(RUNTIME_DATA_DIR, "orl-crops-32.json"));

const entries = base.index.entries.filter((e) => wanted.has(subjectNumber(e.label)));
const crops: GrayImage[] = [];
const descriptors: Float32Array[] = [];
const t0 = Date.now();
for (const [i, e] of entries.entries()) {
  const gray = decodeCapture(readFileSync(path.join(root, e.source))).gray;
  const crop = alignFace(gray, pointsFromJson(e.points5), { size, padding: base.index.padding }).crop;
  crops.push(crop);
  descriptors.push(await teacherDescriptor(crop));
  if ((i + 1) % 100 === 0)
    console.error(`${i + 1}/${entries.length}, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
writeCropCache(
  out,
  {
    ...base.index,
    size,
    teacher: `teacher on the ${size}×${size} crop itself (face-api upsamples); 150-chip descriptors are in orl-crops-32.json`,
    entries,
    missing: [],
  },
  crops,
  descriptors,
);
console.log(`wrote ${out}: ${entries.length} crops ${size}×${size}`);

// The LFW faces re-cut at this size (their teacher descriptors stay those of the 150 chip).
const lfwPath = path.join(DATA_DIR, "lfw-faces-32.json");
const lfw = loadLfwItems(lfwPath);
const lfwIndex = readCropCache(lfwPath).index;
const lfwOut = out.replace(/orl-crops-(\d+)-teacher-at-crop/, "lfw-faces-$1");
writeCropCache(
  lfwOut,
  { ...lfwIndex, size },
  lfw.map((it) => alignFace(it.source, it.points, { size, padding: lfwIndex.padding }).crop),
  lfw.map((it) => it.teacher),
);
console.log(`wrote ${lfwOut}`);
