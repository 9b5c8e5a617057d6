/**
 * Proof of inference for the zoo (issue 13): per model, compile (fresh circom run), development
 * setup, witness and proof (median of 3 warm proofs), the prover's peak RSS, proof size, Node
 * verification and on-chain verification gas (solc + in-process EVM). Beside it, published EZKL
 * figures for models of comparable size (they cannot run here: no network, no Rust toolchain).
 * Run: npm run bench:inference [-- --json]
 */
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { LocalVerifier } from "@zkpop/onchain";
import { loadArtifacts, Prover, releaseSnarkjsCurves, setupDevelopment } from "@zkpop/prover";
import {
  compileModel,
  loadDigits,
  loadModel,
  proveInference,
  setupModel,
  verifyInference,
  ZOO_MODELS,
  zooModelPath,
} from "@zkpop/zkml";
import { fmt, median, printTable, timeIt, wantsJson } from "./lib.js";

const log = (s: string) => !wantsJson && console.error(s);
const digits = loadDigits();
const calibration = digits.train.slice(0, 64).map((i) => digits.images[i]!);
const rows: Array<Record<string, string | number>> = [];

for (const name of ZOO_MODELS) {
  log(`${name}: compile (fresh circom home), setup, proofs ...`);
  const { graph } = await loadModel(zooModelPath(name));
  const params = [...graph.initializers.values()].reduce((a, t) => a + t.data.length, 0);
  const dir = await mkdtemp(path.join(os.tmpdir(), `bench-${name}-`));
  const home = await mkdtemp(path.join(os.tmpdir(), "bench-home-")); // no cached compile
  const compile = await timeIt(() => compileModel(zooModelPath(name), { calibration, outDir: dir, home }));
  const setup = await timeIt(() => setupDevelopment(compile.value.compiled!)); // ptau from ZKPOP_HOME
  await setupModel(dir, { home });
  const manifest = compile.value.manifest;
  const prover = new Prover(await loadArtifacts(path.join(dir, "keys")));
  await prover.warm();
  const runs = [];
  for (const i of digits.heldOut.slice(0, 3))
    runs.push(await proveInference(dir, digits.images[i]!, { prover }));
  await prover.close();
  const b = runs[0]!.bundle;
  const verify = await timeIt(() => verifyInference(b, { modelDir: dir }));
  const chain = await (await LocalVerifier.deploy((await loadArtifacts(path.join(dir, "keys"))).vkey)).verify(
    b.proof,
    b.publicSignals,
  );
  rows.push({
    model: name,
    params,
    constraints: manifest.circuit.compiledConstraints ?? 0,
    "compile s": fmt(compile.ms / 1000),
    "setup s": fmt(setup.ms / 1000),
    "witness ms": fmt(median(runs.map((r) => r.bundle.timing!.witnessMs)), 0),
    "prove s": fmt(median(runs.map((r) => r.bundle.timing!.proveMs)) / 1000, 2),
    "peak RSS MB": fmt(Math.max(...runs.map((r) => r.bundle.timing!.maxRssBytes ?? 0)) / 2 ** 20, 0),
    "proof bytes": 256,
    "verify ms": fmt(verify.ms, 1),
    "EVM gas": Number(chain.executionGas),
    "tx gas": Number(chain.transactionGas),
  });
}

/**
 * Published figures (not run here). Spectral's zkML docs, "zkML Proof Generation", EZKL on a
 * laptop, by model size: https://docs.spectral.finance/technical-architecture-and-key-notions/zero-knowledge-machine-learning-zkml/zkml-proof-generation
 */
const published = [
  {
    source: "EZKL (Spectral docs, laptop)",
    params: 10_497,
    "prove s": 1.484,
    "verify s": 0.031,
    "proof kB": 24.9,
  },
  {
    source: "EZKL (Spectral docs, laptop)",
    params: 17_386,
    "prove s": 2.897,
    "verify s": 0.059,
    "proof kB": 24.6,
  },
  {
    source: "EZKL (Spectral docs, laptop)",
    params: 45_817,
    "prove s": 5.012,
    "verify s": 0.093,
    "proof kB": 24.4,
  },
];

if (wantsJson) console.log(JSON.stringify({ zoo: rows, published, load: os.loadavg() }, null, 2));
else {
  printTable("zkpop zoo: Groth16 (snarkjs) on this box", rows);
  printTable("published, for comparison (not run here; other hardware, Halo2/KZG)", published);
  console.log(
    `load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")} on ${os.cpus().length} cores`,
  );
}
await releaseSnarkjsCurves();
