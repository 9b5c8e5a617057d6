import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { type CompiledCircuit, circomlibCircuits, compileCircuit, type ProgressFn } from "@zkpop/prover";
import { weightCommitment } from "./commit.js";
import { type CostReport, costReport } from "./cost.js";
import { type DriftReport, driftReport } from "./drift.js";
import { emitCircom } from "./emit.js";
import { CalibrationError } from "./errors.js";
import { inputRange, quantizeInput } from "./exec.js";
import { checkOps } from "./float/run.js";
import { foldConstants } from "./onnx/fold.js";
import { type Graph, parseModel } from "./onnx/read.js";
import { calibrate, poolBeforeRelu } from "./quant/calibrate.js";
import { lowerGraph } from "./quant/lower.js";
import type { QuantOptions } from "./quant/options.js";
import { type Program, type Visibility, visibilityOf } from "./quant/program.js";
import { programFromJson, programToJson } from "./serialize.js";
import type { Tensor } from "./tensor.js";

export type Calibration = Tensor[] | Float64Array[] | number[][] | string;

/** Parses a model (path or bytes), rejects unsupported ops, applies exact rewrites (pool before ReLU). */
export async function loadModel(model: string | Uint8Array): Promise<{ graph: Graph; sha256: string }> {
  const bytes = typeof model === "string" ? await readFile(model) : model;
  const graph = foldConstants(parseModel(bytes));
  checkOps(graph);
  return { graph: poolBeforeRelu(graph), sha256: createHash("sha256").update(bytes).digest("hex") };
}

/**
 * Calibration samples: arrays, or a directory of `.json` files (one array of numbers, or an
 * array of arrays) and `.f32` files (raw little-endian float32, one sample each).
 */
export async function loadCalibration(c: Calibration, shape: number[]): Promise<Tensor[]> {
  const n = shape.reduce((a, b) => a * b, 1);
  const toTensor = (d: ArrayLike<number>): Tensor => ({ shape, data: Float64Array.from(d) });
  if (typeof c !== "string")
    return c.map((s) => toTensor("data" in s ? (s as Tensor).data : (s as ArrayLike<number>)));
  if (!existsSync(c) || !(await stat(c)).isDirectory())
    throw new CalibrationError(`calibration directory '${c}' not found`);
  const out: Tensor[] = [];
  for (const f of (await readdir(c)).sort()) {
    const file = path.join(c, f);
    if (f.endsWith(".json")) {
      const v = JSON.parse(await readFile(file, "utf8")) as number[] | number[][];
      const list = Array.isArray(v[0]) ? (v as number[][]) : [v as number[]];
      for (const s of list) out.push(toTensor(s.flat(Infinity as 1) as number[]));
    } else if (f.endsWith(".f32")) {
      const b = await readFile(file);
      out.push(toTensor(new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4)));
    }
  }
  if (out.length === 0) throw new CalibrationError(`no .json or .f32 samples in '${c}'`);
  const bad = out.findIndex((t) => t.data.length !== n);
  if (bad >= 0)
    throw new CalibrationError(
      `calibration sample ${bad} has ${out[bad]!.data.length} values; the input needs ${n}`,
    );
  return out;
}

/** Stand-in calibration for `inspect` without data: uniform [0, 1) samples (costs barely depend on it). */
function syntheticCalibration(shape: number[], count = 4): Tensor[] {
  let s = 12345;
  const rnd = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
  const n = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: count }, () => ({ shape, data: Float64Array.from({ length: n }, rnd) }));
}

export interface QuantizedModel {
  graph: Graph;
  sha256: string;
  program: Program;
  cost: CostReport;
  drift: DriftReport;
  options: QuantOptions;
}

export async function quantizeModel(
  model: string | Uint8Array,
  opts: QuantOptions & { calibration?: Calibration } = {},
): Promise<QuantizedModel> {
  const { graph, sha256 } = await loadModel(model);
  const shape = graph.inputs[0]!.shape;
  const samples = opts.calibration
    ? await loadCalibration(opts.calibration, shape)
    : syntheticCalibration(shape);
  const program = lowerGraph(graph, calibrate(graph, samples), opts);
  const { calibration: _c, ...options } = opts;
  return {
    graph,
    sha256,
    program,
    cost: costReport(graph, program),
    drift: driftReport(graph, program, samples),
    options,
  };
}

export interface InspectReport {
  input: { name: string; shape: number[] };
  outputs: string[];
  cost: CostReport;
  drift?: DriftReport;
}

/** What `zkpop model inspect` prints: per layer op, MACs, activations, predicted constraints, proof time. */
export async function inspectModel(
  model: string | Uint8Array,
  opts: QuantOptions & { calibration?: Calibration } = {},
): Promise<InspectReport> {
  const q = await quantizeModel(model, opts);
  return {
    input: q.graph.inputs[0]!,
    outputs: q.graph.outputs,
    cost: q.cost,
    drift: opts.calibration ? q.drift : undefined,
  };
}

export function formatInspect(r: InspectReport): string {
  const rows = r.cost.layers.map((l) =>
    [
      l.node,
      l.op,
      l.outputShape.join("x"),
      l.macs,
      l.activations,
      l.constraints,
      l.bits.join("/") || "-",
    ].map(String),
  );
  const head = ["node", "op", "output", "MACs", "activations", "constraints", "bits"];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((x) => x[i]!.length)));
  const line = (x: string[]) => x.map((c, i) => (i < 3 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join("  ");
  return [
    `input ${r.input.name} ${r.input.shape.join("x")} (range check: ${r.cost.inputConstraints} constraints)`,
    line(head),
    ...rows.map(line),
    ...(r.cost.privateWeights
      ? [
          `private weights (hashed): ${r.cost.privateWeights}, range checks + Poseidon commitment ${r.cost.weightConstraints} constraints`,
        ]
      : []),
    `total: ${r.cost.totalMacs} MACs, ${r.cost.totalConstraints} constraints, predicted Groth16 proof ${r.cost.predictedProveSeconds.toFixed(1)} s (2-core box)`,
    ...(r.drift
      ? [
          `drift on ${r.drift.samples} calibration samples: max |err| ${r.drift.maxAbsError.toPrecision(3)} (outputs up to ${r.drift.maxAbsOutput.toPrecision(3)}), cosine mean ${r.drift.meanCosine.toFixed(5)} min ${r.drift.minCosine.toFixed(5)}`,
        ]
      : []),
  ].join("\n");
}

export interface CompileModelOptions extends QuantOptions {
  calibration: Calibration;
  /** Where model.circom, program.json and manifest.json go. */
  outDir: string;
  /** circom optimisation (default 1: the emitted circuit has no linear constraints to remove). */
  optimization?: 0 | 1 | 2;
  /** Artifact cache root for the compiled circuit (prover's `home`). */
  home?: string;
  /** Skip circom (write sources and manifest only). */
  emitOnly?: boolean;
}

export interface ModelManifest {
  kind: "zkpop-zkml";
  version: 1;
  model: { sha256: string; input: { name: string; shape: number[] }; outputs: string[] };
  quantisation: QuantOptions & { inputExp: number; inputBits: number; inputSigned: boolean; sha256: string };
  /** Output integers in circuit order; real value = q * 2^-exp. */
  outputs: Array<{ name: string; shape: number[]; offset: number; exp: number[] }>;
  circuit: {
    file: string;
    sha256: string;
    predictedConstraints: number;
    compiledConstraints?: number;
    r1csHash?: string;
  };
  /** weights: "hashed": the public output `commitment` (after `out`) the circuit must reproduce. */
  weights?: { mode: "hashed"; count: number; bits: number; perElement: number; commitment: string };
  /** What a proof reveals; `publicSignals` names the circuit's public signals in order. */
  visibility: Visibility & { weights: "constant" | "hashed" };
  publicSignals: Array<{
    name: "out" | "out_commitment" | "commitment" | "in_commitment" | "in";
    count: number;
  }>;
  /** sha256 over model, quantisation and circuit hashes: what a proof bundle names. */
  id: string;
  /** Written by `setupModel`: the Groth16 keys in `dir` (relative to the model folder). */
  setup?: { kind: "development" | "production"; note: string; dir: string; vkeySha256: string };
  cost: CostReport;
  drift: DriftReport;
}

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

/** What `zkpop model compile model.onnx --calibration DIR` does: circuit + manifest (+ compile). */
export async function compileModel(
  model: string | Uint8Array,
  opts: CompileModelOptions,
): Promise<{ manifest: ModelManifest; program: Program; circuitPath: string; compiled?: CompiledCircuit }> {
  const q = await quantizeModel(model, opts);
  await mkdir(opts.outDir, { recursive: true });
  const source = emitCircom(q.program, { header: `model sha256 ${q.sha256}` });
  const circuitPath = path.join(path.resolve(opts.outDir), "model.circom");
  await writeFile(circuitPath, source);
  const programJson = JSON.stringify(programToJson(q.program));
  await writeFile(path.join(opts.outDir, "program.json"), programJson);
  let offset = 0;
  const manifest: ModelManifest = {
    kind: "zkpop-zkml",
    version: 1,
    model: { sha256: q.sha256, input: q.graph.inputs[0]!, outputs: q.graph.outputs },
    quantisation: {
      ...q.options,
      inputExp: q.program.inExp,
      inputBits: q.program.inBits,
      inputSigned: q.program.inSigned,
      sha256: sha(programJson),
    },
    outputs: q.program.outputs.map((o) => {
      const r = { name: o.name, shape: o.shape, offset, exp: o.exp };
      offset += o.sig.length;
      return r;
    }),
    circuit: { file: "model.circom", sha256: sha(source), predictedConstraints: q.cost.totalConstraints },
    cost: q.cost,
    drift: q.drift,
    visibility: { ...visibilityOf(q.program), weights: q.program.weights ? "hashed" : "constant" },
    publicSignals: publicLayout(q.program),
    id: sha(`zkpop-zkml/1 ${q.sha256} ${sha(programJson)} ${sha(source)}`),
  };
  const w = q.program.weights;
  if (w)
    manifest.weights = {
      mode: "hashed",
      count: w.values.length,
      bits: w.bits,
      perElement: w.perElement,
      commitment: weightCommitment(w).toString(),
    };
  let compiled: CompiledCircuit | undefined;
  if (!opts.emitOnly) {
    compiled = await compileModelCircuit(circuitPath, manifest, opts);
    manifest.circuit.compiledConstraints = compiled.info.nConstraints;
    manifest.circuit.r1csHash = compiled.r1csHash;
  }
  await writeFile(path.join(opts.outDir, "manifest.json"), JSON.stringify(manifest, null, 2));
  return { manifest, program: q.program, circuitPath, compiled };
}

/** circom on the emitted source (cached by content: a second call is instant). */
export function compileModelCircuit(
  circuitPath: string,
  manifest: ModelManifest,
  opts: { optimization?: 0 | 1 | 2; home?: string; onProgress?: ProgressFn } = {},
): Promise<CompiledCircuit> {
  const v = manifest.visibility;
  const hashes = v.weights === "hashed" || v.input === "hashed" || v.output === "hashed";
  // Poseidon: --O2 removes circomlib's linear mix layers (4x fewer constraints); our gadgets have none
  return compileCircuit({
    source: circuitPath,
    name: "zkml-model",
    optimization: opts.optimization ?? (hashes ? 2 : 1),
    home: opts.home,
    onProgress: opts.onProgress,
    ...(hashes ? { includePaths: [circomlibCircuits()] } : {}),
  });
}

/** Names and counts of the public signals, in circuit order (see emit.ts). */
export function publicLayout(p: Program): ModelManifest["publicSignals"] {
  const v = visibilityOf(p);
  const nIn = p.inputShape.reduce((a, b) => a * b, 1);
  const nOut = p.outputs.reduce((a, o) => a + o.sig.length, 0);
  const layout: ModelManifest["publicSignals"] = [
    v.output === "public" ? { name: "out", count: nOut } : { name: "out_commitment", count: 1 },
  ];
  if (p.weights) layout.push({ name: "commitment", count: 1 });
  if (v.input === "hashed") layout.push({ name: "in_commitment", count: 1 });
  if (v.input === "public") layout.push({ name: "in", count: nIn });
  return layout;
}

/** Reloads the executor of a compiled model directory. */
export async function loadProgram(dir: string): Promise<Program> {
  return programFromJson(JSON.parse(await readFile(path.join(dir, "program.json"), "utf8")));
}

/**
 * Circuit input for a float sample (quantised exactly as the executor does); with
 * weights: "hashed" also the private weights `w`.
 */
/** What the circuit takes: the input integers, private weights (hashed), salts (hashed visibility). */
export interface CircuitInputs {
  in: string[];
  w?: string[];
  in_salt?: string;
  out_salt?: string;
  [signal: string]: string | string[] | undefined;
}

export function witnessInput(
  p: Program,
  x: Tensor | ArrayLike<number>,
  salts: { input?: bigint; output?: bigint } = {},
): CircuitInputs {
  const v = visibilityOf(p);
  const input: CircuitInputs = { in: quantizeInput(p, x).map(String) };
  if (p.weights) input.w = p.weights.values.map(String);
  if (v.input === "hashed") input.in_salt = String(salts.input ?? 0n);
  if (v.output === "hashed") input.out_salt = String(salts.output ?? 0n);
  return input;
}

export { inputRange };
