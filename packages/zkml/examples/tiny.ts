/** Run: npx tsx packages/zkml/examples/tiny.ts — build a model, compile it, prove nothing yet: witness == executor. */
import { tmpdir } from "node:os";
import path from "node:path";
import { WitnessGenerator } from "@zkpop/prover";
import {
  compileModel,
  execute,
  formatInspect,
  inspectModel,
  ModelBuilder,
  quantizeInput,
} from "../src/index.js";

const b = new ModelBuilder("x", [1, 4]);
const w = b.init({ shape: [4, 3], data: [0.5, -1, 0.25, 1, 0.75, -0.5, -0.25, 0.5, 1, 0.1, 0.2, -0.3] });
b.output(b.node("Relu", [b.node("Gemm", ["x", w])]));
const calibration = [
  [0.1, 0.9, 0.4, 0.2],
  [0.8, 0.1, 0.5, 0.9],
  [0.3, 0.3, 0.7, 0.0],
];

console.log(formatInspect(await inspectModel(b.bytes(), { calibration })));
const { program, compiled, manifest } = await compileModel(b.bytes(), {
  calibration,
  outDir: path.join(tmpdir(), "zkml-tiny"),
});
const x = [0.6, 0.2, 0.9, 0.4];
const ints = quantizeInput(program, x);
const wit = await (await WitnessGenerator.fromWasm(compiled!.wasmPath)).witness({ in: ints.map(String) });
console.log(
  "circuit:",
  wit.slice(1, 4),
  "executor:",
  execute(program, ints).outputs[0],
  "exp:",
  manifest.outputs[0]!.exp,
);
