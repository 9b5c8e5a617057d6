/**
 * Verification figures of a committed student ONNX (onnxruntime-node, float) on the cached ORL
 * crops, without retraining: EER and FNMR at FMR 1e-2 / 1e-3, cosine, all pairs of each set.
 *
 *   npx tsx packages/lab/scripts/eval-student.ts [--model data/student-32.onnx] [--sets "21-30 1-20 1-30"]
 *
 * Data: ORL face database, Olivetti Research Laboratory (Samaria & Harter 1994).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { readCropCache } from "@zkpop/image";
import { evaluateEmbeddings } from "../src/evaluate.js";
import { parseSubjects } from "../src/orl.js";
import { loadOnnxStudent } from "../src/student/onnx-run.js";
import { flags, RUNTIME_DATA_DIR } from "./common.js";

const f = flags(process.argv.slice(2));
const modelPath = path.resolve(f.get("model") ?? path.join(RUNTIME_DATA_DIR, "student-32.onnx"));
const sets = (f.get("sets") ?? "21-30 1-20 1-30").split(/\s+/).filter(Boolean);
const cache = readCropCache(path.join(RUNTIME_DATA_DIR, "orl-crops-32.json"));
const model = await loadOnnxStudent(new Uint8Array(readFileSync(modelPath)));
const emb: Float32Array[] = [];
for (const c of cache.crops) emb.push(await model.embed(c.data));
await model.release();
const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
console.log(
  `${path.basename(modelPath)}: input ${model.inputDims.join("x")}, output ${model.outputDims.join("x")}; cosine; data: ${cache.index.credit}`,
);
console.log("| subjects | images | genuine / impostor pairs | EER | FNMR @ FMR 1e-2 | FNMR @ FMR 1e-3 |");
console.log("|---|---|---|---|---|---|");
for (const spec of sets) {
  const wanted = new Set(parseSubjects(spec).map((s) => `s${s}`));
  const idx = cache.index.entries.map((e, i) => (wanted.has(e.label) ? i : -1)).filter((i) => i >= 0);
  const r = evaluateEmbeddings(
    idx.map((i) => emb[i]!),
    idx.map((i) => cache.index.entries[i]!.label),
    { metric: "cosine" },
  );
  const at = r.atFmr.map((a) => (a.resolvable ? pct(a.fnmr) : "n/a"));
  console.log(
    `| s${spec} | ${idx.length} | ${r.genuinePairs} / ${r.impostorPairs} | ${pct(r.eer)} | ${at[0]} | ${at[1]} |`,
  );
}
