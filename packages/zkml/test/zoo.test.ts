import path from "node:path";
import { LocalVerifier } from "@zkpop/onchain";
import {
  InvalidProofError,
  loadArtifacts,
  releaseSnarkjsCurves,
  SNARK_FIELD,
  WitnessGenerator,
} from "@zkpop/prover";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execute, quantizeInput } from "../src/exec.js";
import { runFloat } from "../src/float/run.js";
import { type InferenceBundle, proveInference, setupModel, verifyInference } from "../src/inference.js";
import { compileModel, loadModel, type ModelManifest, witnessInput } from "../src/model.js";
import type { Program } from "../src/quant/program.js";
import { argmax, ZOO_MODELS, zooModelPath } from "../src/zoo.js";
import { calibration, clone, digits, tmpModelDir } from "./zoo-helpers.js";

afterAll(releaseSnarkjsCurves);

describe.each(ZOO_MODELS)("zoo model %s (8x8 digits)", (name) => {
  let dir: string;
  let manifest: ModelManifest;
  let program: Program;
  let bundle: InferenceBundle;

  beforeAll(async () => {
    dir = await tmpModelDir(name);
    ({ program } = await compileModel(zooModelPath(name), { calibration, outDir: dir }));
    ({ manifest } = await setupModel(dir));
  });

  it("circuit == executor on the whole held-out split; float vs circuit accuracy", async () => {
    const { graph } = await loadModel(zooModelPath(name));
    const keys = await loadArtifacts(path.join(dir, "keys"));
    const gen = await WitnessGenerator.fromWasm(keys.wasm);
    const nOut = program.outputs[0]!.sig.length;
    let floatRight = 0;
    let circuitRight = 0;
    let disagree = 0;
    for (const i of digits.heldOut) {
      const x = digits.images[i]!;
      const run = execute(program, quantizeInput(program, x));
      const wit = await gen.witness(witnessInput(program, x));
      const field = run.outputs[0]!.map((q) => ((q % SNARK_FIELD) + SNARK_FIELD) % SNARK_FIELD);
      expect(wit.slice(1, 1 + nOut)).toEqual(field);
      const float = runFloat(graph, { shape: [1, 1, 8, 8], data: Float64Array.from(x) }).get(
        graph.outputs[0]!,
      )!;
      const fp = argmax(float.data);
      const cp = argmax(run.real[0]!);
      if (fp === digits.labels[i]) floatRight++;
      if (cp === digits.labels[i]) circuitRight++;
      if (fp !== cp) disagree++;
    }
    const n = digits.heldOut.length;
    console.log(
      `${name}: ${manifest.circuit.compiledConstraints} constraints; held-out ${n}: float ${((100 * floatRight) / n).toFixed(2)} %, circuit ${((100 * circuitRight) / n).toFixed(2)} %, ${disagree} predictions differ`,
    );
    expect(manifest.circuit.compiledConstraints).toBe(manifest.circuit.predictedConstraints);
    expect(circuitRight / n).toBeGreaterThan(0.95);
    expect(Math.abs(circuitRight - floatRight)).toBeLessThanOrEqual(3);
  });

  it("proves an inference; the bundle verifies in Node; tampered bundles are refused, each with its reason", async () => {
    const i = digits.heldOut[0]!;
    ({ bundle } = await proveInference(dir, digits.images[i]!));
    expect(argmax(bundle.outputs![0]!.values)).toBe(digits.labels[i]);
    const ok = await verifyInference(bundle, { modelDir: dir });
    expect(ok.modelChecked).toBe(true);
    expect(
      await verifyInference(bundle, { vkey: (await loadArtifacts(path.join(dir, "keys"))).vkey }),
    ).toMatchObject({
      modelChecked: false,
    });
    console.log(
      `${name}: proof ${bundle.timing!.proveMs} ms (witness ${bundle.timing!.witnessMs} ms), bundle ${JSON.stringify(bundle).length} bytes, proof ${JSON.stringify(bundle.proof).length} bytes JSON / 256 bytes on chain`,
    );

    // another output (values and integers and signals edited consistently): the proof fails
    const forged = clone(bundle);
    const o = forged.outputs![0]!;
    const k = argmax(o.values) === 0 ? 1 : 0;
    o.ints[k] = String(BigInt(o.ints[k]!) + 5000n);
    o.values[k] = Number(o.ints[k]) * 2 ** -o.exp[k]!;
    forged.publicSignals[k] = ((BigInt(o.ints[k]!) + SNARK_FIELD) % SNARK_FIELD).toString();
    await expect(verifyInference(forged, { modelDir: dir })).rejects.toBeInstanceOf(InvalidProofError);
    // a readable value changed without the signals: tampered
    const edited = clone(bundle);
    edited.outputs![0]!.values[0]! += 1;
    await expect(verifyInference(edited, { modelDir: dir })).rejects.toMatchObject({
      code: "ZKML_BUNDLE_TAMPERED",
    });
    const edited2 = clone(bundle);
    edited2.outputs![0]!.ints[0] = String(BigInt(edited2.outputs![0]!.ints[0]!) + 1n);
    edited2.outputs![0]!.values[0] =
      Number(edited2.outputs![0]!.ints[0]) * 2 ** -edited2.outputs![0]!.exp[0]!;
    await expect(verifyInference(edited2, { modelDir: dir })).rejects.toMatchObject({
      code: "ZKML_BUNDLE_TAMPERED",
    });
    // claimed for another model
    const other = clone(bundle);
    other.model.id = "0".repeat(64);
    await expect(verifyInference(other, { modelDir: dir })).rejects.toMatchObject({
      code: "ZKML_MODEL_MISMATCH",
    });
    await expect(verifyInference({ ...bundle, format: "x" }, { modelDir: dir })).rejects.toMatchObject({
      code: "ZKML_BUNDLE_INVALID",
    });
  });

  it("verifies on chain (solc + in-process EVM), refuses a tampered proof, and reports gas", async () => {
    const v = await LocalVerifier.deploy((await loadArtifacts(path.join(dir, "keys"))).vkey);
    const ok = await v.verify(bundle.proof, bundle.publicSignals);
    expect(ok.valid).toBe(true);
    const sig = [...bundle.publicSignals];
    sig[0] = ((BigInt(sig[0]!) + 1n) % SNARK_FIELD).toString();
    expect((await v.verify(bundle.proof, sig)).valid).toBe(false);
    const p = clone(bundle.proof);
    p.pi_a = clone(bundle.proof.pi_c);
    expect((await v.verify(p, bundle.publicSignals)).valid).toBe(false);
    // off the curve: the precompile refuses, the verifier answers false
    p.pi_a = [bundle.proof.pi_a[0], (BigInt(bundle.proof.pi_a[1]) + 1n).toString(), "1"];
    expect((await v.verify(p, bundle.publicSignals)).valid).toBe(false);
    console.log(
      `${name}: on-chain verifyProof ${ok.executionGas} execution gas, ${ok.transactionGas} as a transaction (${bundle.publicSignals.length} public signals)`,
    );
  });
});
