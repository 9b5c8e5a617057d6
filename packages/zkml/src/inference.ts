import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, readFile, rm } from "node:fs/promises";
import path from "node:path";
import {
  ArtifactIntegrityError,
  type ArtifactManifest,
  ArtifactMissingError,
  type Groth16Proof,
  Groth16Verifier,
  InvalidProofError,
  loadArtifacts,
  type ProgressFn,
  type ProveOptions,
  Prover,
  readManifest,
  SNARK_FIELD,
  setupDevelopment,
  sha256Hex,
  type VerificationKey,
} from "@zkpop/prover";
import { inputCommitment, outputCommitment } from "./commit.js";
import {
  BundleFormatError,
  BundleTamperedError,
  CommitmentMismatchError,
  InputShapeError,
  ModelMismatchError,
  ModelNotSetUpError,
} from "./errors.js";
import { execute, inputRange, quantizeInput } from "./exec.js";
import { compileModelCircuit, loadProgram, type ModelManifest, witnessInput } from "./model.js";
import type { Program } from "./quant/program.js";
import { writeJsonAtomic } from "./write-atomic.js";

export const BUNDLE_FORMAT = "zkpop-inference/1";
const KEYS_DIR = "keys";

/** A proof of one inference, self-describing: what model, what is public, the values, the proof. */
export interface InferenceBundle {
  format: typeof BUNDLE_FORMAT;
  model: {
    id: string;
    sha256: string;
    circuitSha256: string;
    quantisationSha256: string;
    vkeySha256: string;
  };
  visibility: ModelManifest["visibility"];
  /** input: "public": the input integers (and their real values = q * 2^-exp). */
  input?: { shape: number[]; exp: number; ints: string[]; values: number[] };
  inputCommitment?: string;
  /** output: "public": each output's integers and real values (q * 2^-exp). */
  outputs?: Array<{ name: string; shape: number[]; exp: number[]; ints: string[]; values: number[] }>;
  outputCommitment?: string;
  weightsCommitment?: string;
  publicSignals: string[];
  proof: Groth16Proof;
  /** How long the prover took, and its process' peak resident memory (informative, not checked). */
  timing?: { witnessMs: number; proveMs: number; maxRssBytes?: number };
}

/** What the prover keeps for itself when something is hashed: the salts and the hidden values. */
export interface InferenceOpening {
  inputSalt?: string;
  outputSalt?: string;
  outputs: Array<{ name: string; ints: string[]; values: number[] }>;
}

async function readModelManifest(dir: string): Promise<ModelManifest> {
  const file = path.join(dir, "manifest.json");
  if (!existsSync(file))
    throw new ModelNotSetUpError(
      `${dir} is not a compiled model folder (no manifest.json): run zkpop model compile`,
    );
  const m = JSON.parse(await readFile(file, "utf8")) as ModelManifest;
  if (m.kind !== "zkpop-zkml" || !m.id)
    throw new ModelNotSetUpError(
      `${file} is not a zkml model manifest of this version: compile the model again`,
    );
  return m;
}

/**
 * Development Groth16 setup for a compiled model folder (compile and setup are cached by
 * content); copies the keys into `MODEL_DIR/keys` so the folder is self-contained, and records
 * them in the manifest. Single-party setup: whoever ran it could forge proofs.
 */
export async function setupModel(
  dir: string,
  opts: { home?: string; onProgress?: ProgressFn } = {},
): Promise<{ manifest: ModelManifest; keysDir: string }> {
  const manifest = await readModelManifest(dir);
  const compiled = await compileModelCircuit(
    path.join(path.resolve(dir), manifest.circuit.file),
    manifest,
    opts,
  );
  const setup = await setupDevelopment(compiled, opts);
  const keysDir = path.join(dir, KEYS_DIR);
  await rm(keysDir, { recursive: true, force: true });
  await cp(setup.dir, keysDir, { recursive: true });
  const keys: ArtifactManifest = await readManifest(keysDir);
  manifest.setup = {
    kind: keys.setup.kind,
    note: keys.setup.note,
    dir: KEYS_DIR,
    vkeySha256: keys.sha256.vkey,
  };
  manifest.circuit.compiledConstraints = compiled.info.nConstraints;
  await writeJsonAtomic(path.join(dir, "manifest.json"), manifest);
  return { manifest, keysDir };
}

/** Reads a model input: an array of numbers (nested arrays are flattened) or `{ "input": [...] }`. */
export function parseModelInput(json: unknown): number[] {
  const v =
    json && typeof json === "object" && !Array.isArray(json) ? (json as { input?: unknown }).input : json;
  if (!Array.isArray(v))
    throw new InputShapeError('an input is a JSON array of numbers (or { "input": [...] })');
  const flat = (v as unknown[]).flat(Infinity as 1) as unknown[];
  const bad = flat.findIndex((x) => typeof x !== "number" || !Number.isFinite(x));
  if (bad >= 0)
    throw new InputShapeError(`input value ${bad} is ${JSON.stringify(flat[bad])}, not a finite number`);
  return flat as number[];
}

/** Refuses an input of the wrong size or with a value the circuit's range check would clamp. */
export function checkModelInput(p: Program, x: ArrayLike<number>): void {
  const n = p.inputShape.reduce((a, b) => a * b, 1);
  if (x.length !== n)
    throw new InputShapeError(
      `the input has ${x.length} values; the model takes ${p.inputShape.join("x")} = ${n}`,
    );
  const [lo, hi] = inputRange(p);
  const scale = 2 ** p.inExp;
  for (let i = 0; i < x.length; i++) {
    const q = Math.round(x[i]! * scale);
    if (!(q >= Number(lo) && q <= Number(hi)))
      throw new InputShapeError(
        `input value ${i} = ${x[i]} is outside the model's input range [${Number(lo) / scale}, ${Number(hi) / scale}] (${p.inBits}-bit input, exponent ${p.inExp})`,
      );
  }
}

const randomSalt = (): bigint => BigInt(`0x${randomBytes(32).toString("hex")}`) % SNARK_FIELD;
const fieldStr = (v: bigint): string => (((v % SNARK_FIELD) + SNARK_FIELD) % SNARK_FIELD).toString();

/** The public signals a bundle's readable fields stand for, in circuit order (manifest.publicSignals). */
function expectedSignals(b: InferenceBundle, layout: ModelManifest["publicSignals"]): string[] {
  const out: string[] = [];
  for (const { name, count } of layout) {
    const vals =
      name === "out"
        ? (b.outputs ?? []).flatMap((o) => o.ints.map((q) => fieldStr(BigInt(q))))
        : name === "in"
          ? (b.input?.ints ?? []).map((q) => fieldStr(BigInt(q)))
          : [
              name === "out_commitment"
                ? b.outputCommitment
                : name === "in_commitment"
                  ? b.inputCommitment
                  : b.weightsCommitment,
            ];
    if (vals.length !== count || vals.some((s) => s === undefined))
      throw new BundleTamperedError(
        `the bundle's ${name} has ${vals.length} values where the circuit has ${count}`,
      );
    out.push(...(vals as string[]));
  }
  return out;
}

/** The layout a bundle implies by itself (used with `--vkey` alone, without the model folder). */
function bundleLayout(b: InferenceBundle): ModelManifest["publicSignals"] {
  const nOut = (b.outputs ?? []).reduce((a, o) => a + o.ints.length, 0);
  const layout: ModelManifest["publicSignals"] = [
    b.visibility.output === "public" ? { name: "out", count: nOut } : { name: "out_commitment", count: 1 },
  ];
  if (b.visibility.weights === "hashed") layout.push({ name: "commitment", count: 1 });
  if (b.visibility.input === "hashed") layout.push({ name: "in_commitment", count: 1 });
  if (b.visibility.input === "public") layout.push({ name: "in", count: b.input?.ints.length ?? 0 });
  return layout;
}

/**
 * Runs the model on `x` in the executor and proves it: the bundle (for anyone) and, when the
 * input or output is hashed, the opening (salts and hidden outputs, for the prover alone).
 */
export async function proveInference(
  dir: string,
  x: ArrayLike<number>,
  opts: ProveOptions & { salts?: { input?: bigint; output?: bigint }; prover?: Prover } = {},
): Promise<{ bundle: InferenceBundle; opening: InferenceOpening; outputs: number[][] }> {
  const manifest = await readModelManifest(dir);
  if (!manifest.setup)
    throw new ModelNotSetUpError(
      `${dir} has no proving key: run zkpop model compile --setup (or setupModel)`,
    );
  const program = await loadProgram(dir);
  checkModelInput(program, x);
  const v = manifest.visibility;
  const salts = {
    input: v.input === "hashed" ? (opts.salts?.input ?? randomSalt()) : undefined,
    output: v.output === "hashed" ? (opts.salts?.output ?? randomSalt()) : undefined,
  };
  const ints = quantizeInput(program, x);
  const run = execute(program, ints);
  const outputs = program.outputs.map((o, k) => ({
    name: o.name,
    shape: o.shape,
    exp: o.exp,
    ints: run.outputs[k]!.map(String),
    values: Array.from(run.real[k]!),
  }));
  const prover = opts.prover ?? new Prover(await loadArtifacts(path.join(dir, manifest.setup.dir)));
  try {
    const r = await prover.prove(witnessInput(program, x, salts), opts);
    const bundle: InferenceBundle = {
      format: BUNDLE_FORMAT,
      model: {
        id: manifest.id,
        sha256: manifest.model.sha256,
        circuitSha256: manifest.circuit.sha256,
        quantisationSha256: manifest.quantisation.sha256,
        vkeySha256: manifest.setup.vkeySha256,
      },
      visibility: v,
      ...(v.input === "public"
        ? {
            input: {
              shape: program.inputShape,
              exp: program.inExp,
              ints: ints.map(String),
              values: Array.from(x),
            },
          }
        : {}),
      ...(v.input === "hashed"
        ? { inputCommitment: inputCommitment(program, ints, salts.input!).toString() }
        : {}),
      ...(v.output === "public" ? { outputs } : {}),
      ...(v.output === "hashed"
        ? { outputCommitment: outputCommitment(run.outputs.flat(), salts.output!).toString() }
        : {}),
      ...(manifest.weights ? { weightsCommitment: manifest.weights.commitment } : {}),
      publicSignals: r.publicSignals,
      proof: r.proof,
      timing: { witnessMs: r.witnessMs, proveMs: r.proveMs, maxRssBytes: r.maxRssBytes },
    };
    // the circuit and the executor must agree on every public value (else the circuit is wrong)
    const expected = expectedSignals(bundle, manifest.publicSignals);
    if (expected.join() !== r.publicSignals.join())
      throw new BundleTamperedError(
        "the circuit's public signals differ from the executor's: the model folder is inconsistent",
      );
    const opening: InferenceOpening = {
      ...(salts.input !== undefined ? { inputSalt: salts.input.toString() } : {}),
      ...(salts.output !== undefined ? { outputSalt: salts.output.toString() } : {}),
      outputs: outputs.map(({ name, ints, values }) => ({ name, ints, values })),
    };
    return { bundle, opening, outputs: run.real.map((a) => Array.from(a)) };
  } finally {
    if (!opts.prover) await prover.close();
  }
}

/** Only the verification key (not the proving key), checked against the manifest's SHA-256. */
async function readVerificationKey(keysDir: string, sha256: string): Promise<VerificationKey> {
  const file = path.join(keysDir, (await readManifest(keysDir)).files.vkey);
  if (!existsSync(file)) throw new ArtifactMissingError(`missing verification key ${file}`);
  const bytes = await readFile(file);
  if (sha256Hex(bytes) !== sha256)
    throw new ArtifactIntegrityError(`${file}: sha256 differs from the model manifest's ${sha256}`);
  return JSON.parse(bytes.toString("utf8")) as VerificationKey;
}

function checkBundleShape(b: unknown): asserts b is InferenceBundle {
  const x = b as InferenceBundle;
  if (!x || typeof x !== "object") throw new BundleFormatError("a proof bundle is a JSON object");
  if (x.format !== BUNDLE_FORMAT)
    throw new BundleFormatError(
      `unknown bundle format ${JSON.stringify(x.format)} (expected ${BUNDLE_FORMAT})`,
    );
  if (!x.model || typeof x.model.id !== "string")
    throw new BundleFormatError("the bundle names no model (model.id)");
  if (!x.visibility || !Array.isArray(x.publicSignals) || !x.proof)
    throw new BundleFormatError("the bundle lacks visibility, publicSignals or proof");
  for (const s of x.publicSignals)
    if (typeof s !== "string" || !/^\d+$/.test(s))
      throw new BundleFormatError("public signals must be decimal strings");
  const ints = [...(x.outputs ?? []).flatMap((o) => o.ints ?? [null]), ...(x.input?.ints ?? [])];
  for (const q of ints)
    if (typeof q !== "string" || !/^-?\d+$/.test(q))
      throw new BundleFormatError("integers must be decimal strings");
}

/** Real values must be the integers times 2^-exp: a changed `values` is as tampered as a changed `ints`. */
function checkValues(b: InferenceBundle): void {
  for (const o of b.outputs ?? [])
    o.ints.forEach((q, j) => {
      if (o.values?.[j] !== Number(q) * 2 ** -o.exp[j]!)
        throw new BundleTamperedError(
          `output '${o.name}'[${j}] reads ${o.values?.[j]}, its integer ${q} means ${Number(q) * 2 ** -o.exp[j]!}`,
        );
    });
}

export interface VerifiedInference {
  modelId: string;
  /** false with `--vkey` alone: the proof is checked against that key, the model folder was not compared. */
  modelChecked: boolean;
  outputs?: InferenceBundle["outputs"];
  outputCommitment?: string;
}

/**
 * Checks a bundle: against a model folder (same model and key, published weight commitment) or
 * a verification key alone; then the readable values against the public signals, then the proof.
 * Throws a typed error saying what failed.
 */
export async function verifyInference(
  bundle: unknown,
  against: { modelDir: string } | { vkey: VerificationKey },
): Promise<VerifiedInference> {
  checkBundleShape(bundle);
  let vkey: VerificationKey;
  let layout = bundleLayout(bundle);
  if ("modelDir" in against) {
    const m = await readModelManifest(against.modelDir);
    if (bundle.model.id !== m.id)
      throw new ModelMismatchError(
        `the proof is for model ${bundle.model.id.slice(0, 16)}… (onnx sha256 ${bundle.model.sha256?.slice(0, 16)}…), not for ${against.modelDir} (${m.id.slice(0, 16)}…, onnx ${m.model.sha256.slice(0, 16)}…)`,
      );
    if (!m.setup) throw new ModelNotSetUpError(`${against.modelDir} has no verification key: run setup`);
    if (bundle.model.vkeySha256 !== m.setup.vkeySha256)
      throw new ModelMismatchError("the proof names another verification key (another setup of this model)");
    if (m.weights && bundle.weightsCommitment !== m.weights.commitment)
      throw new CommitmentMismatchError(
        `the bundle's weight commitment ${bundle.weightsCommitment} is not the model's published ${m.weights.commitment}`,
      );
    if (JSON.stringify(bundle.visibility) !== JSON.stringify(m.visibility))
      throw new ModelMismatchError("the bundle's visibility differs from the model's");
    layout = m.publicSignals;
    vkey = await readVerificationKey(path.join(against.modelDir, m.setup.dir), m.setup.vkeySha256);
  } else {
    vkey = against.vkey;
  }
  checkValues(bundle);
  const expected = expectedSignals(bundle, layout);
  const i = expected.findIndex((s, k) => s !== bundle.publicSignals[k]);
  if (i >= 0 || expected.length !== bundle.publicSignals.length)
    throw new BundleTamperedError(
      `the bundle's readable values differ from its public signals (signal ${i >= 0 ? i : expected.length}): the output, input or a commitment was edited`,
    );
  const verifier = await Groth16Verifier.create(vkey);
  if (vkey.nPublic !== bundle.publicSignals.length)
    throw new ModelMismatchError(
      `the key takes ${vkey.nPublic} public signals, the bundle has ${bundle.publicSignals.length}: another model`,
    );
  if (!verifier.verify({ proof: bundle.proof, publicSignals: bundle.publicSignals }))
    throw new InvalidProofError(
      "the proof does not verify for these public values: a value, a commitment or the proof was changed after proving, or the proof was made with another key",
    );
  return {
    modelId: bundle.model.id,
    modelChecked: "modelDir" in against,
    ...(bundle.outputs ? { outputs: bundle.outputs } : {}),
    ...(bundle.outputCommitment ? { outputCommitment: bundle.outputCommitment } : {}),
  };
}
