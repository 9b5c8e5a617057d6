import path from "node:path";
import { InvalidProofError, loadArtifacts, releaseSnarkjsCurves, SNARK_FIELD } from "@zkpop/prover";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inputCommitment, outputCommitment } from "../src/commit.js";
import { quantizeInput } from "../src/exec.js";
import { type InferenceBundle, proveInference, setupModel, verifyInference } from "../src/inference.js";
import { compileModel, type ModelManifest } from "../src/model.js";
import { ModelBuilder } from "../src/onnx/write.js";
import type { Program } from "../src/quant/program.js";
import { randTensor, rng } from "./helpers.js";
import { clone, tmpModelDir } from "./zoo-helpers.js";

/** dense 12 -> 6, ReLU, dense 6 -> 3: small enough to set up in seconds per visibility variant. */
function tinyModel(): Uint8Array {
  const r = rng(31);
  const b = new ModelBuilder("x", [1, 12]);
  const h = b.node("Relu", [
    b.node("Gemm", ["x", b.init(randTensor(r, [12, 6])), b.init(randTensor(r, [6]))]),
  ]);
  b.output(b.node("Gemm", [h, b.init(randTensor(r, [6, 3])), b.init(randTensor(r, [3]))]));
  return b.bytes();
}
const r = rng(32);
const calibration = Array.from({ length: 32 }, () => Array.from({ length: 12 }, () => r()));
const x = calibration[0]!;

async function variant(opts: {
  input?: "private" | "public" | "hashed";
  output?: "public" | "hashed";
  weights?: "constant" | "hashed";
}) {
  const dir = await tmpModelDir(`vis-${opts.input}-${opts.output}-${opts.weights}`);
  const { program } = await compileModel(tinyModel(), { calibration, outDir: dir, ...opts });
  const { manifest } = await setupModel(dir);
  return { dir, program, manifest };
}

afterAll(releaseSnarkjsCurves);

describe("visibility: public input", () => {
  let v: { dir: string; program: Program; manifest: ModelManifest };
  let bundle: InferenceBundle;
  beforeAll(async () => {
    v = await variant({ input: "public" });
    ({ bundle } = await proveInference(v.dir, x));
  });

  it("the input integers are public signals after the outputs; the proof verifies", async () => {
    expect(v.manifest.publicSignals).toEqual([
      { name: "out", count: 3 },
      { name: "in", count: 12 },
    ]);
    expect(bundle.input!.ints).toEqual(quantizeInput(v.program, x).map(String));
    expect(bundle.publicSignals.slice(3)).toEqual(bundle.input!.ints);
    expect(v.manifest.circuit.compiledConstraints).toBe(v.manifest.circuit.predictedConstraints);
    await verifyInference(bundle, { modelDir: v.dir });
  });

  it("another input with the same proof fails", async () => {
    const t = clone(bundle);
    t.input!.ints[0] = String(BigInt(t.input!.ints[0]!) + 1n);
    t.publicSignals[3] = t.input!.ints[0]!;
    await expect(verifyInference(t, { modelDir: v.dir })).rejects.toBeInstanceOf(InvalidProofError);
  });
});

describe("visibility: hashed input, hashed output, hashed weights", () => {
  let v: { dir: string; program: Program; manifest: ModelManifest };
  let bundle: InferenceBundle;
  let opening: Awaited<ReturnType<typeof proveInference>>["opening"];
  beforeAll(async () => {
    v = await variant({ input: "hashed", output: "hashed", weights: "hashed" });
    ({ bundle, opening } = await proveInference(v.dir, x));
  });

  it("public signals are only the three commitments; each is what the JS mirror computes", async () => {
    expect(v.manifest.publicSignals.map((p) => p.name)).toEqual([
      "out_commitment",
      "commitment",
      "in_commitment",
    ]);
    expect(bundle.outputs).toBeUndefined();
    expect(bundle.input).toBeUndefined();
    expect(bundle.publicSignals).toEqual([
      bundle.outputCommitment,
      bundle.weightsCommitment,
      bundle.inputCommitment,
    ]);
    const ints = quantizeInput(v.program, x);
    expect(bundle.inputCommitment).toBe(
      inputCommitment(v.program, ints, BigInt(opening.inputSalt!)).toString(),
    );
    expect(bundle.outputCommitment).toBe(
      outputCommitment(opening.outputs[0]!.ints.map(BigInt), BigInt(opening.outputSalt!)).toString(),
    );
    expect(bundle.weightsCommitment).toBe(v.manifest.weights!.commitment);
    expect(v.manifest.circuit.compiledConstraints).toBe(v.manifest.circuit.predictedConstraints);
    expect(v.manifest.cost.visibilityConstraints).toBeGreaterThan(0);
    const ok = await verifyInference(bundle, { modelDir: v.dir });
    expect(ok.outputCommitment).toBe(bundle.outputCommitment);
  });

  it("a fresh salt per proof: the same input gives unlinkable commitments", async () => {
    const again = await proveInference(v.dir, x);
    expect(again.bundle.inputCommitment).not.toBe(bundle.inputCommitment);
    expect(again.bundle.outputCommitment).not.toBe(bundle.outputCommitment);
    expect(again.opening.outputs).toEqual(opening.outputs);
  });

  it("a wrong weight commitment, an edited commitment and a bundle of another model are refused", async () => {
    const w = clone(bundle);
    w.weightsCommitment = "1";
    w.publicSignals[1] = "1";
    await expect(verifyInference(w, { modelDir: v.dir })).rejects.toMatchObject({
      code: "ZKML_COMMITMENT_MISMATCH",
    });
    const c = clone(bundle);
    c.outputCommitment = ((BigInt(c.outputCommitment!) + 1n) % SNARK_FIELD).toString();
    await expect(verifyInference(c, { modelDir: v.dir })).rejects.toMatchObject({
      code: "ZKML_BUNDLE_TAMPERED",
    });
    c.publicSignals[0] = c.outputCommitment;
    await expect(verifyInference(c, { modelDir: v.dir })).rejects.toBeInstanceOf(InvalidProofError);
    // with the key alone the weight commitment is not compared to a manifest, but the proof binds it
    await expect(
      verifyInference(w, { vkey: (await loadArtifacts(path.join(v.dir, "keys"))).vkey }),
    ).rejects.toBeInstanceOf(InvalidProofError);
    const other = await variant({ input: "public" });
    const foreign = (await proveInference(other.dir, x)).bundle;
    await expect(verifyInference(foreign, { modelDir: v.dir })).rejects.toMatchObject({
      code: "ZKML_MODEL_MISMATCH",
    });
    await expect(
      verifyInference(foreign, { vkey: (await loadArtifacts(path.join(v.dir, "keys"))).vkey }),
    ).rejects.toMatchObject({ code: "ZKML_MODEL_MISMATCH" });
  });

  it("bad input is refused before proving: wrong shape, out of range, not numbers", async () => {
    await expect(proveInference(v.dir, x.slice(1))).rejects.toMatchObject({ code: "ZKML_INPUT_SHAPE" });
    await expect(
      proveInference(
        v.dir,
        x.map(() => 1e6),
      ),
    ).rejects.toMatchObject({ code: "ZKML_INPUT_SHAPE" });
    await expect(
      proveInference(
        v.dir,
        x.map(() => Number.NaN),
      ),
    ).rejects.toMatchObject({ code: "ZKML_INPUT_SHAPE" });
  });
});
