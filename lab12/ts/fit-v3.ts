// Scratch: fit the v3 student on ORL s1-s30 + LFW (recipe RECIPE_V3), write lab12/data/student-32-v3.onnx,
// then (with --build) compile + dev-setup the enrollment circuit with it and L=64, k=7.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { readCropCache } from "../../packages/biometric/src/cache.js";
import { exportFilterBankOnnx, FILTER_BANK_STUDENT } from "../../packages/biometric/src/student/filter-bank.js";
import { fitStudent, RECIPE_V3 } from "./cv.js";
const D = "packages/biometric/data";
const load = (f: string) => { const c = readCropCache(path.join(D, f)); return c.crops.map((x, i) => ({ label: c.index.entries[i]!.label, pixels: x.data, teacher150: c.descriptors[i]! })); };
const orl = load("orl-crops-32.json");
const lfw = load("lfw-faces-32.json");
const t0 = Date.now();
const s = fitStudent(orl, lfw, RECIPE_V3);
const bytes = exportFilterBankOnnx(FILTER_BANK_STUDENT, s.filters, s.head, { arch: "zkpop-student-32-v3" });
writeFileSync("lab12/data/student-32-v3.onnx", bytes);
console.log("fitted in", (Date.now() - t0) / 1000, "s", bytes.length);
if (process.argv.includes("--build")) {
  const { buildEnrollmentArtifacts } = await import("@zkpop/core");
  const { defaultEnrollCircuitOptions } = await import("@zkpop/biometric");
  const spec = { ...defaultEnrollCircuitOptions(), model: bytes, lsh: { dim: 64, tables: 64, bits: 7, seed: "zkpop-default" } };
  const b = await buildEnrollmentArtifacts({ circuit: spec, onProgress: (p) => p.message && console.log(p.stage, p.message.slice(0, 120)) });
  console.log("built", b.id, b.circuit.compiled.info.nConstraints);
}
