/**
 * Enrollment proof benchmark (issue 4): constraints by part, witness time, Groth16 proof time and
 * the prover's peak RSS, for the student model at 32×32 with the default LSH (L tables of k bits).
 * Run: npx tsx bench/enroll.ts [--proofs 3] [--json]   (first run: compile + 2^18 dev setup, minutes)
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { attestCapture, generateAttesterKey } from "@zkpop/attestation";
import { enrollCircuitsDir } from "@zkpop/circuits";
import { buildEnrollmentArtifacts } from "@zkpop/core";
import { DEFAULT_LSH, enrollInput, lshCircom, orlCropsPath } from "@zkpop/enroll-circuit";
import { readCropCache } from "@zkpop/image";
import {
  artifactsHome,
  circomlibCircuits,
  compileCircuit,
  Groth16Verifier,
  loadArtifacts,
  Prover,
  releaseSnarkjsCurves,
} from "@zkpop/prover";
import { fmt, median, printTable, wantsJson } from "./lib.js";

const _root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const log = (s: string) => !wantsJson && console.error(s);

const cache = readCropCache(orlCropsPath());
const lsh = DEFAULT_LSH;
const progress = (p: { stage: string; message?: string }) =>
  p.message && !p.message.startsWith("\t") && log(`  ${p.stage}: ${p.message}`);

log("compiling and setting up the enrollment circuit (2^18; cached after the first run, minutes before) ...");
const built = await buildEnrollmentArtifacts({ onProgress: progress });
const e = built.circuit;

// Constraints by part: each part compiled alone (the model's count is zkml's exact cost model).
const part = async (name: string, body: string) => {
  const dir = path.join(artifactsHome(), "sources", "bench-enroll");
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `part-${name}.circom`); // not the included files' names
  await writeFile(file, `pragma circom 2.1.5;\n${body}`);
  const c = await compileCircuit({
    source: file,
    name: `bench-${name}`,
    includePaths: [circomlibCircuits(), enrollCircuitsDir()],
  });
  return c.info.nConstraints;
};
const parts = {
  imageHash: await part(
    "image-hash",
    `include "image_hash.circom";\ncomponent main = ImageHash(${e.pixels});\n`,
  ),
  signature: await part("attestation", 'include "attestation.circom";\ncomponent main = Attestation();\n'),
  model: e.modelConstraints,
  lshAndTags: await part(
    "lsh",
    `include "lsh.circom";\n${lshCircom(lsh, e.planes, 1n << 16n, e.domain)}component main = LshTags();\n`,
  ),
};

const art = await loadArtifacts(built.dir);
const verifier = await Groth16Verifier.create(art.vkey);
const prover = new Prover(art);
// A fresh process loads wasm, key and curve first (what Enrollment.warm() does ahead of time).
const tLoad = performance.now();
await prover.warm();
const loadMs = performance.now() - tLoad;
const { privateKey } = generateAttesterKey();
const runs = [];
for (let i = 0; i < arg("proofs", 3); i++) {
  const pixels = cache.crops[(i * 37) % cache.crops.length]!.data;
  const a = attestCapture(privateKey, {
    pixels,
    identityCommitment: BigInt(1000 + i),
    capturedAt: 1_764_000_000 + i,
  });
  const t0 = performance.now();
  const r = await prover.prove(enrollInput(pixels, a));
  const totalMs = performance.now() - t0;
  if (!verifier.verify(r)) throw new Error("an enrollment proof failed verification");
  runs.push({ ...r, totalMs });
  log(`  proof ${i + 1}: witness ${fmt(r.witnessMs)} ms, prove ${fmt(r.proveMs)} ms`);
}
await prover.close();

const warm = runs.length > 1 ? runs.slice(1) : runs;
const result = {
  constraints: { total: e.compiled.info.nConstraints, ...parts },
  setupKind: built.manifest.setup.kind,
  loadMs: fmt(loadMs),
  firstProofMs: fmt(runs[0]!.totalMs),
  witnessMs: fmt(median(warm.map((r) => r.witnessMs))),
  proveMs: fmt(median(warm.map((r) => r.proveMs))),
  proverPeakRssMb: fmt(Math.max(...runs.map((r) => r.maxRssBytes)) / 2 ** 20),
};
if (wantsJson) console.log(JSON.stringify(result, null, 2));
printTable(
  "Enrollment circuit: constraints by part (each compiled alone)",
  Object.entries(result.constraints).map(([k, v]) => ({ part: k, constraints: v })),
);
printTable("Enrollment proof (median of runs after the first)", [
  { what: "fresh prover process: load wasm, key and curve (ms)", value: result.loadMs },
  { what: "first proof after that (ms, witness + prove)", value: result.firstProofMs },
  { what: "witness (ms, median)", value: result.witnessMs },
  { what: "Groth16 prove (ms, median)", value: result.proveMs },
  { what: "prover peak RSS (MB)", value: result.proverPeakRssMb },
]);
await releaseSnarkjsCurves();
