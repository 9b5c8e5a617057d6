/**
 * Teacher (face-api FaceRecognitionNet) verification accuracy on cached ORL crops: EER and
 * FNMR at FMR 1e-2 / 1e-3 over all genuine and impostor pairs of each subject set.
 *
 *   npx tsx packages/lab/scripts/eval-teacher.ts [--cache data/orl-crops-32.json] [--sets "21-30 1-30"]
 *       [--metric euclidean|cosine] [--sizes 150,48,40,32] [--data DIR] [--json OUT]
 *
 * --sizes: 150 uses the cached descriptors of the 150x150 chip; any other S re-aligns an SxS crop
 * from the cached landmarks (no detector) and feeds it to the teacher, which upsamples it to 150:
 * how much identity survives in an SxS crop.
 *
 * Data: ORL face database, Olivetti Research Laboratory (Samaria & Harter 1994).
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { alignFace, decodeCapture, pointsFromJson, readCropCache } from "@zkpop/image";
import { evaluateEmbeddings, type Metric, type VerificationReport } from "../src/evaluate.js";
import { parseSubjects } from "../src/orl.js";
import { TEACHER_INPUT_SIZE, teacherDescriptor } from "../src/teacher.js";
import { DEFAULT_ORL_DIR, flags, RUNTIME_DATA_DIR } from "./common.js";

const f = flags(process.argv.slice(2));
const cachePath = path.resolve(f.get("cache") ?? path.join(RUNTIME_DATA_DIR, "orl-crops-32.json"));
const sets = (f.get("sets") ?? "21-30 1-30").split(/\s+/).filter(Boolean);
const metric = (f.get("metric") ?? "euclidean") as Metric;
const sizes = (f.get("sizes") ?? String(TEACHER_INPUT_SIZE)).split(",").map(Number);
const root = f.get("data") ?? DEFAULT_ORL_DIR;

const cache = readCropCache(cachePath);
const { entries } = cache.index;
const pct = (x: number) => `${(100 * x).toFixed(2)} %`;

async function descriptorsAt(size: number): Promise<Float32Array[]> {
  if (size === TEACHER_INPUT_SIZE) return cache.descriptors;
  const out: Float32Array[] = [];
  for (const e of entries) {
    const gray = decodeCapture(readFileSync(path.join(root, e.source))).gray;
    const crop = alignFace(gray, pointsFromJson(e.points5), { size, padding: cache.index.padding }).crop;
    out.push(await teacherDescriptor(crop));
  }
  return out;
}

const results: { size: number; subjects: string; report: VerificationReport }[] = [];
console.log(
  `teacher: ${cache.index.teacher}; metric ${metric}; padding ${cache.index.padding}; data: ${cache.index.credit}`,
);
console.log(
  "| teacher input | subjects | images | genuine / impostor pairs | EER | FNMR @ FMR 1e-2 | FNMR @ FMR 1e-3 |",
);
console.log("|---|---|---|---|---|---|---|");
for (const size of sizes) {
  const desc = await descriptorsAt(size);
  for (const spec of sets) {
    const wanted = new Set(parseSubjects(spec).map((s) => `s${s}`));
    const idx = entries.map((e, i) => (wanted.has(e.label) ? i : -1)).filter((i) => i >= 0);
    const report = evaluateEmbeddings(
      idx.map((i) => desc[i]!),
      idx.map((i) => entries[i]!.label),
      { metric },
    );
    results.push({ size, subjects: spec, report });
    const at = report.atFmr.map((a) =>
      a.resolvable ? pct(a.fnmr) : `n/a (${report.impostorPairs} impostor pairs)`,
    );
    const input = size === TEACHER_INPUT_SIZE ? "150x150 chip" : `${size}x${size} crop, upsampled`;
    console.log(
      `| ${input} | s${spec} | ${idx.length} | ${report.genuinePairs} / ${report.impostorPairs} | ${pct(report.eer)} | ${at[0]} | ${at[1]} |`,
    );
  }
}
const missing = cache.index.missing.length;
if (missing)
  console.log(`(${missing} images without a detected face are excluded: ${cache.index.missing.join(" ")})`);
const json = f.get("json");
if (json)
  writeFileSync(json, `${JSON.stringify({ cache: path.basename(cachePath), metric, results }, null, 1)}\n`);
