/**
 * @zkpop/zkml benchmark (issue 3), run: npx tsx bench/zkml.ts [--json] [--skip-cnn]
 * 1. Constraints per activation, fused rescale + ReLU vs circomlib-ml style and a careful
 *    separate design, at 8/16/24-bit activations, same run, as ratios.
 * 2. A reference CNN of ~300 k MACs through the whole pipeline: compile, witness, setup, prove
 *    (`--skip-prove` stops after the witness: the development setup takes minutes on a busy box).
 *    `--hashed`: the same CNN with weights: "hashed" (private weights + Poseidon commitment);
 *    compile and witness only.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { zkmlCircuitsDir } from "@zkpop/circuits";
import {
  circomlibCircuits,
  compileCircuit,
  Groth16Verifier,
  loadArtifacts,
  Prover,
  releaseSnarkjsCurves,
  setupDevelopment,
  WitnessGenerator,
} from "@zkpop/prover";
import { compileModel, execute, ModelBuilder, quantizeInput, witnessInput } from "@zkpop/zkml";
import { fmt, median, printTable, timeIt, wantsJson } from "./lib.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const circomlib = circomlibCircuits();
const work = path.join(root, ".zkpop", "bench-zkml");
const log = (s: string) => !wantsJson && console.error(s);
const NEURONS = 16;
const S = 8;

async function perActivation(template: string, args: number[]): Promise<number> {
  await mkdir(work, { recursive: true });
  const file = path.join(work, `${template}_${args.join("_")}.circom`);
  await writeFile(
    file,
    [
      "pragma circom 2.1.0;",
      'include "rescale-relu.circom";',
      "template Many() {",
      `  signal input acc[${NEURONS}];`,
      `  signal output out[${NEURONS}];`,
      `  component g[${NEURONS}];`,
      `  for (var i = 0; i < ${NEURONS}; i++) { g[i] = ${template}(${args.join(", ")}); g[i].acc <== acc[i]; out[i] <== g[i].out; }`,
      "}",
      "component main = Many();",
      "",
    ].join("\n"),
  );
  const c = await compileCircuit({
    source: file,
    includePaths: [zkmlCircuitsDir(), circomlib],
    optimization: 1,
  });
  return c.info.nConstraints / NEURONS;
}

const act: Array<Record<string, string | number>> = [];
for (const B of [8, 16, 24]) {
  log(`activation circuits, B = ${B} ...`);
  const N = B + S + 1; // accumulator fits the window: no clamp can act
  const fused = await perActivation("FusedRescaleRelu", [N, S, B, 0]);
  const fusedSat = await perActivation("FusedRescaleRelu", [N + 4, S, B, 1]);
  const naive = await perActivation("NaiveRescaleRelu", [N, S, B]);
  const separate = await perActivation("SeparateRescaleRelu", [N, S, B]);
  act.push({
    "B (activation bits)": B,
    S,
    fused: fused,
    "fused, clamp (acc 4 bits wider)": fusedSat,
    "bound B+S+3": B + S + 3,
    "circomlib-ml style": naive,
    "careful separate": separate,
    "naive / fused": fmt(naive / fused, 2),
    "separate / fused": fmt(separate / fused, 2),
  });
}
printTable("Rescale + ReLU: R1CS constraints per activation (--O1)", act);

let cnn: Record<string, string | number> | undefined;
if (!process.argv.includes("--skip-cnn")) {
  // ~300 k MACs: conv 1->8 (32x32) -> avgpool -> relu -> conv 8->12 (16x16) -> avgpool -> relu -> dense 768->10
  let seed = 7;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return (seed / 2 ** 31) * 2 - 1;
  };
  const t = (shape: number[], k = 0.3) => ({
    shape,
    data: Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => k * rnd()),
  });
  const b = new ModelBuilder("image", [1, 1, 32, 32]);
  let x = b.node("Conv", ["image", b.init(t([8, 1, 3, 3])), b.init(t([8]))], {
    kernel_shape: [3, 3],
    pads: [1, 1, 1, 1],
  });
  x = b.node("Relu", [b.node("AveragePool", [x], { kernel_shape: [2, 2], strides: [2, 2] })]);
  x = b.node("Conv", [x, b.init(t([12, 8, 3, 3])), b.init(t([12]))], {
    kernel_shape: [3, 3],
    pads: [1, 1, 1, 1],
  });
  x = b.node("Relu", [b.node("AveragePool", [x], { kernel_shape: [2, 2], strides: [2, 2] })]);
  x = b.node("Gemm", [b.node("Flatten", [x]), b.init(t([768, 10], 0.1)), b.init(t([10]))]);
  b.output(x);
  const calibration = Array.from({ length: 16 }, () => Array.from({ length: 1024 }, () => (rnd() + 1) / 2));
  const hashed = process.argv.includes("--hashed");
  const outDir = path.join(work, hashed ? "cnn-hashed" : "cnn");
  log(`reference CNN${hashed ? " (weights hashed)" : ""}: quantise + compile ...`);
  const compile = await timeIt(() =>
    compileModel(b.bytes(), {
      calibration,
      outDir,
      home: path.join(root, ".zkpop"),
      ...(hashed ? { weights: "hashed" as const } : {}),
    }),
  );
  const { manifest, program, compiled } = compile.value;
  const gen = await WitnessGenerator.fromWasm(compiled!.wasmPath);
  const inputs = calibration.slice(0, 5).map((s) => witnessInput(program, s));
  const wt: number[] = [];
  for (const i of inputs) wt.push((await timeIt(() => gen.witness(i))).ms);
  const ex: number[] = [];
  for (const s of calibration.slice(0, 5))
    ex.push((await timeIt(() => execute(program, quantizeInput(program, s)))).ms);
  const skipProve = hashed || process.argv.includes("--skip-prove");
  log(skipProve ? "reference CNN: setup and proofs skipped" : "reference CNN: development setup ...");
  const proofs: number[] = [];
  let ok = false;
  let setup = { ms: Number.NaN, value: { cached: false } };
  if (!skipProve) {
    const done = await timeIt(() => setupDevelopment(compiled!));
    setup = done;
    const artifacts = await loadArtifacts(done.value.dir);
    const prover = new Prover(artifacts);
    const verifier = await Groth16Verifier.create(artifacts.vkey);
    for (const i of inputs.slice(0, 3)) {
      const p = await timeIt(() => prover.prove(i));
      proofs.push(p.ms);
      ok = verifier.verify({ proof: p.value.proof, publicSignals: p.value.publicSignals });
    }
    await prover.close();
    await releaseSnarkjsCurves();
  }
  cnn = {
    weights: hashed ? `hashed (${manifest.cost.privateWeights} private)` : "constant",
    MACs: manifest.cost.totalMacs,
    "constraints (predicted)": manifest.circuit.predictedConstraints,
    "constraints (compiled)": manifest.circuit.compiledConstraints ?? 0,
    "compile s": fmt(compile.ms / 1000),
    "compile cached": compiled!.cached ? "yes" : "no",
    "witness ms (median of 5)": fmt(median(wt)),
    "executor ms": fmt(median(ex)),
    "setup s": fmt(setup.ms / 1000),
    "setup cached": setup.value.cached ? "yes" : "no",
    "prove s (first)": proofs.length ? fmt(proofs[0]! / 1000) : "skipped",
    "prove s (median warm)": proofs.length > 1 ? fmt(median(proofs.slice(1)) / 1000) : "skipped",
    "predicted prove s": fmt(manifest.cost.predictedProveSeconds),
    verified: skipProve ? "skipped" : ok ? "yes" : "NO",
    "drift max|err|": fmt(manifest.drift.maxAbsError, 4),
    "drift min cosine": fmt(manifest.drift.minCosine, 5),
  };
  printTable(`Reference CNN (~300 k MACs, avg pool before ReLU${hashed ? ", weights hashed" : ""})`, [cnn]);
}
if (wantsJson) console.log(JSON.stringify({ activation: act, cnn }, null, 2));
