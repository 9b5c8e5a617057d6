// The Web Worker that downloads, checks and keeps a circuit's artifacts, then computes witnesses
// and Groth16 proofs with snarkjs, so that the page's main thread never blocks on proving.

import { ZkpopError } from "@zkpop/errors";
import { type WitnessCalculator, WitnessCalculatorBuilder } from "circom_runtime";
import * as snarkjs from "snarkjs";
import { fetchArtifact } from "./artifacts.js";
import type { FromWorker, Progress, ToWorker } from "./protocol.js";

interface Loaded {
  calc: WitnessCalculator;
  zkey: Uint8Array;
}

const circuits = new Map<string, Loaded>();
// snarkjs' default spreads multi-exponentiations and FFTs over one nested worker per core
// (navigator.hardwareConcurrency) and keeps that curve warm for the worker's lifetime; single
// threaded, it builds its curve anew for every proof (snarkjs caches only the threaded one).
let singleThread = false; // set by each load (WebProver's option)
const scope = self as unknown as {
  postMessage(m: FromWorker): void;
  onmessage: ((e: MessageEvent<ToWorker>) => void) | null;
};
const send = (m: FromWorker) => scope.postMessage(m);

// The steps snarkjs' groth16.prove announces through its logger, in order: progress by step.
const PROVE_STEPS = [
  "Reading Wtns",
  "Reading Coeffs",
  "Building ABC",
  "Join ABC",
  "Reading A Points",
  "Reading B1 Points",
  "Reading B2 Points",
  "Reading C Points",
  "Reading H Points",
];

function proveLogger(onProgress: (p: Progress) => void) {
  const ignore = () => {};
  return {
    debug(msg: string) {
      const i = PROVE_STEPS.indexOf(msg);
      if (i >= 0) onProgress({ stage: "prove", done: i, total: PROVE_STEPS.length, message: msg });
    },
    info: ignore,
    warn: ignore,
    error: ignore,
  };
}

async function load(msg: Extract<ToWorker, { type: "load" }>) {
  singleThread = msg.singleThread;
  const onProgress = (progress: Progress) => send({ type: "progress", id: msg.id, progress });
  const opts = { cacheName: msg.cacheName, onProgress };
  // One after the other: progress reads as one bar, and two large downloads do not compete.
  const wasm = await fetchArtifact(msg.circuit.wasm, opts);
  const zkey = await fetchArtifact(msg.circuit.zkey, opts);
  const [calc] = await Promise.all([
    WitnessCalculatorBuilder(wasm.bytes),
    // Built once per worker (threads, wasm), not inside the first proof; snarkjs caches it.
    singleThread ? undefined : snarkjs.curves.getCurveFromName("bn128"),
  ]);
  circuits.set(msg.circuit.name, { calc, zkey: zkey.bytes });
  send({ type: "loaded", id: msg.id, artifacts: [wasm.report, zkey.report] });
}

async function prove(msg: Extract<ToWorker, { type: "prove" }>) {
  const c = circuits.get(msg.circuit);
  if (!c) throw new ZkpopError("PROVER_NOT_LOADED", `no artifacts loaded for circuit "${msg.circuit}"`);
  const onProgress = (progress: Progress) => send({ type: "progress", id: msg.id, progress });
  onProgress({ stage: "witness" });
  const t0 = performance.now();
  let wtns: Uint8Array;
  try {
    wtns = await c.calc.calculateWTNSBin(msg.input, true);
  } catch (e) {
    throw new ZkpopError("WITNESS_FAILED", `the circuit refused these inputs: ${(e as Error).message}`);
  }
  const t1 = performance.now();
  onProgress({ stage: "prove", done: 0, total: PROVE_STEPS.length });
  const { proof, publicSignals } = await snarkjs.groth16.prove(c.zkey, wtns, proveLogger(onProgress), {
    singleThread,
  });
  const proveMs = performance.now() - t1;
  onProgress({ stage: "done" });
  send({ type: "proved", id: msg.id, proof, publicSignals, witnessMs: t1 - t0, proveMs });
}

scope.onmessage = (e) => {
  const msg = e.data;
  (msg.type === "load" ? load(msg) : prove(msg)).catch((err: unknown) => {
    const code = err instanceof ZkpopError ? err.code : "PROOF_FAILED";
    send({ type: "failed", id: msg.id, code, message: (err as Error).message ?? String(err) });
  });
};
