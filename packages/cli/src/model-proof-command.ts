import { existsSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { groth16VerifierSolidity, verifyProofArguments, verifyProofCalldata } from "@zkpop/onchain";
import { loadArtifacts, type VerificationKey, ZkpopError } from "@zkpop/prover";
import {
  type InferenceBundle,
  type ModelManifest,
  parseModelInput,
  proveInference,
  verifyInference,
} from "@zkpop/zkml";
import type { ModelArgs } from "./model-command.js";
import { proofProgress } from "./proof-progress.js";

/** A JSON file, or a BAD_ARGUMENT error naming it (missing, unreadable, not JSON). */
async function readJson(file: string, what: string): Promise<unknown> {
  if (!existsSync(file)) throw new ZkpopError("BAD_ARGUMENT", `${what} ${file} not found`);
  try {
    return JSON.parse(await readFile(file, "utf8"));
  } catch (e) {
    throw new ZkpopError("BAD_ARGUMENT", `${what} ${file} is not JSON: ${(e as Error).message}`);
  }
}

/** Writes through a temporary file (a crash leaves no half-written proof). */
async function writeAtomic(file: string, text: string, mode?: number): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text, mode === undefined ? undefined : { mode });
  await rename(tmp, file);
}

async function manifestOf(dir: string): Promise<ModelManifest> {
  const file = path.join(dir, "manifest.json");
  if (!existsSync(file))
    throw new ZkpopError(
      "ZKML_NOT_SET_UP",
      `${dir} is not a compiled model folder (no manifest.json): run zkpop model compile`,
    );
  return (await readJson(file, "model manifest")) as ModelManifest;
}

export async function proveCommand(dir: string, v: ModelArgs): Promise<void> {
  if (!v.input) throw new ZkpopError("BAD_ARGUMENT", "prove needs --input X.json (an array of numbers)");
  const x = parseModelInput(await readJson(v.input, "input"));
  const manifest = await manifestOf(dir);
  const progress = proofProgress(manifest.cost?.predictedProveSeconds ?? 1);
  let result: Awaited<ReturnType<typeof proveInference>>;
  try {
    result = await proveInference(dir, x, { onProgress: progress.onProgress });
  } finally {
    progress.stop();
  }
  const { bundle, opening } = result;
  const out = v.out ?? "proof.json";
  await writeAtomic(out, `${JSON.stringify(bundle, null, 2)}\n`);
  console.log(
    `proof bundle: ${out} (model ${bundle.model.id.slice(0, 16)}…, ${bundle.timing!.proveMs.toFixed(0)} ms)`,
  );
  for (const o of bundle.outputs ?? [])
    console.log(`output ${o.name}: [${o.values.map((r) => r.toFixed(4)).join(", ")}]`);
  if (bundle.visibility.input === "hashed" || bundle.visibility.output === "hashed") {
    const file = v.opening ?? `${out.replace(/\.json$/, "")}.opening.json`;
    await writeAtomic(file, `${JSON.stringify(opening, null, 2)}\n`, 0o600);
    console.log(
      `opening (salts${bundle.visibility.output === "hashed" ? " and the hidden output" : ""}; keep it private): ${file}`,
    );
    if (bundle.visibility.output === "hashed")
      for (const o of opening.outputs)
        console.log(`output ${o.name} (hidden): [${o.values.map((r) => r.toFixed(4)).join(", ")}]`);
  }
}

export async function verifyCommand(file: string, v: ModelArgs): Promise<void> {
  if (!v.model === !v.vkey)
    throw new ZkpopError("BAD_ARGUMENT", "verify needs exactly one of --model MODEL_DIR or --vkey FILE");
  const bundle = await readJson(file, "proof bundle");
  const r = await verifyInference(
    bundle,
    v.model
      ? { modelDir: v.model }
      : { vkey: (await readJson(v.vkey!, "verification key")) as VerificationKey },
  );
  console.log(
    `ok: the proof verifies (model ${r.modelId.slice(0, 16)}…${r.modelChecked ? ", matches the model folder" : ", checked against the key only"})`,
  );
  for (const o of r.outputs ?? [])
    console.log(`output ${o.name}: [${o.values.map((x) => x.toFixed(4)).join(", ")}]`);
  if (r.outputCommitment) console.log(`output commitment: ${r.outputCommitment}`);
}

export async function exportVerifierCommand(dir: string, v: ModelArgs): Promise<void> {
  if (!v.solidity) throw new ZkpopError("BAD_ARGUMENT", "export-verifier needs --solidity OUT.sol");
  const manifest = await manifestOf(dir);
  if (!manifest.setup)
    throw new ZkpopError("ZKML_NOT_SET_UP", `${dir} has no keys: run zkpop model setup ${dir}`);
  const { vkey } = await loadArtifacts(path.join(dir, manifest.setup.dir));
  const source = groth16VerifierSolidity(vkey, v.contract ?? "ZkmlVerifier");
  await writeAtomic(v.solidity, source);
  console.log(
    `Solidity verifier: ${v.solidity} (${vkey.nPublic} public signals: ${manifest.publicSignals.map((p) => `${p.name}×${p.count}`).join(", ")})`,
  );
}

export async function calldataCommand(file: string, v: ModelArgs): Promise<void> {
  const b = (await readJson(file, "proof bundle")) as InferenceBundle;
  if (!b?.proof || !Array.isArray(b.publicSignals))
    throw new ZkpopError("ZKML_BUNDLE_INVALID", `${file} is not a proof bundle`);
  const text = `${JSON.stringify(
    {
      function: `verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[${b.publicSignals.length}])`,
      arguments: verifyProofArguments(b.proof, b.publicSignals),
      data: `0x${Buffer.from(verifyProofCalldata(b.proof, b.publicSignals)).toString("hex")}`,
    },
    null,
    2,
  )}\n`;
  if (v.out) {
    await writeAtomic(v.out, text);
    console.log(`calldata: ${v.out}`);
  } else process.stdout.write(text);
}
