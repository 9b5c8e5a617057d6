/**
 * The student face model: the committed ONNX file (shapes, op set, cost budget, behaviour on
 * ORL fixtures), the filter-bank student's pieces (patch filters, ridge head, ONNX export vs
 * onnxruntime) and the seeded augmentation. ORL data: Olivetti Research Laboratory (see test/fixtures/orl/README.md).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { orlCropsPath, studentOnnxPath } from "@zkpop/enroll-circuit";
import { ArgumentError } from "@zkpop/errors";
import {
  alignFace,
  decodeCapture,
  type FivePoints,
  type GrayImage,
  pointsFromJson,
  readCropCache,
} from "@zkpop/image";
import onnxProto from "onnx-proto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orlFixture } from "../../../test/fixtures.js";
import { similarity } from "../src/evaluate.js";
import {
  DEFAULT_AUGMENT,
  exportFilterBankOnnx,
  FILTER_BANK_STUDENT,
  type FilterBankSpec,
  filterBankCosts,
  filterBankEmbed,
  fitRidge,
  jitterPoints,
  learnPatchFilters,
  loadOnnxStudent,
  mirrorCrop,
  mulberry32,
  type OnnxStudent,
  photometric,
} from "../src/index.js";

const dataDir = path.dirname(studentOnnxPath());
const cache = readCropCache(orlCropsPath());
const cropOf = (source: string) => {
  const i = cache.index.entries.findIndex((e) => e.source === source);
  if (i < 0) throw new Error(`${source} not in the crop cache`);
  return { crop: cache.crops[i]!.data, points: pointsFromJson(cache.index.entries[i]!.points5) };
};

describe("committed student ONNX", () => {
  let bytes: Uint8Array;
  let model: OnnxStudent;
  beforeAll(async () => {
    bytes = new Uint8Array(readFileSync(studentOnnxPath()));
    model = await loadOnnxStudent(bytes);
  });
  afterAll(async () => model?.release());

  it("is small, matches its report and has the documented shapes", () => {
    const report = JSON.parse(readFileSync(path.join(dataDir, "student-32.report.json"), "utf8"));
    expect(bytes.length).toBeLessThan(400_000);
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(report.onnx.sha256);
    expect(model.inputDims).toEqual([1, 1, 32, 32]);
    expect(model.outputDims).toEqual([1, 64]);
  });

  it("uses only circuit-friendly ops and stays within the activation and MAC budget", () => {
    const m = onnxProto.onnx.ModelProto.decode(bytes);
    const ops = new Set(m.graph!.node!.map((n) => n.opType));
    for (const op of ops) expect(["Conv", "AveragePool", "Relu", "Flatten", "Concat", "Gemm"]).toContain(op);
    // The rectified map, and the pooled cells (an identity that makes them circuit signals).
    expect(m.graph!.node!.filter((n) => n.opType === "Relu")).toHaveLength(2);
    const costs = filterBankCosts(FILTER_BANK_STUDENT);
    expect(costs.activations).toBeLessThanOrEqual(3500);
    expect(costs.macs).toBeLessThanOrEqual(350_000);
    expect(FILTER_BANK_STUDENT.outDim).toBe(64);
    // The last op is the embedding Gemm: no final activation.
    expect(m.graph!.node!.at(-1)!.opType).toBe("Gemm");
  });

  it("ranks same-subject pairs above different-subject pairs on fixture crops", async () => {
    // Training subjects (s1, s2: the fixture images, re-aligned from the PGM files) and held-out ones (s21, s22).
    const fromFixture = (name: string, source: string) => {
      const gray = decodeCapture(orlFixture(name)).gray;
      const crop = alignFace(gray, cropOf(source).points, { size: 32 }).crop.data;
      expect(crop).toEqual(cropOf(source).crop);
      return crop;
    };
    const groups = [
      [fromFixture("s1_1", "s1/1.pgm"), fromFixture("s1_2", "s1/2.pgm"), fromFixture("s2_1", "s2/1.pgm")],
      [cropOf("s21/1.pgm").crop, cropOf("s21/2.pgm").crop, cropOf("s22/1.pgm").crop],
    ];
    for (const [a, a2, b] of groups) {
      const [ea, ea2, eb] = await Promise.all([model.embed(a!), model.embed(a2!), model.embed(b!)]);
      const same = similarity(ea, ea2, "cosine");
      expect(same).toBeGreaterThan(similarity(ea, eb, "cosine"));
      expect(same).toBeGreaterThan(similarity(ea2, eb, "cosine"));
    }
  });
});

describe("filter-bank student", () => {
  const tiny: FilterBankSpec = {
    name: "tiny",
    input: 8,
    kernel: 3,
    filters: 2,
    stride: 2,
    cell: 2,
    outDim: 3,
  };
  const rng = mulberry32(21);
  const crops = Array.from({ length: 12 }, () => Uint8Array.from({ length: 64 }, () => rng.int(256)));

  it("learns zero-sum, orthonormal patch filters", () => {
    const f = learnPatchFilters(crops, tiny);
    expect(f).toHaveLength(2);
    for (const [i, a] of f.entries()) {
      expect(Math.abs(a.reduce((s, v) => s + v, 0))).toBeLessThan(1e-9);
      for (const [j, b] of f.entries())
        expect(a.reduce((s, v, t) => s + v * b[t]!, 0)).toBeCloseTo(i === j ? 1 : 0, 9);
    }
    expect(() => learnPatchFilters([new Uint8Array(10)], tiny)).toThrow(ArgumentError);
    expect(() => learnPatchFilters([new Uint8Array(10)], tiny)).toThrow(/expected 64/);
    expect(() => filterBankCosts({ ...tiny, kernel: 4 })).toThrow(/odd/);
  });

  it("exports an ONNX model that onnxruntime runs exactly like the TypeScript forward pass", async () => {
    const filters = learnPatchFilters(crops, tiny);
    const { features } = filterBankCosts(tiny);
    const head = {
      weight: Array.from({ length: 3 }, () => Float64Array.from({ length: features }, () => rng.normal())),
      bias: Float64Array.of(0.5, -1, 2),
    };
    const onnx = await loadOnnxStudent(exportFilterBankOnnx(tiny, filters, head));
    expect(onnx.inputDims).toEqual([1, 1, 8, 8]);
    expect(onnx.outputDims).toEqual([1, 3]);
    for (const c of crops.slice(0, 4)) {
      const e = await onnx.embed(c);
      const ref = filterBankEmbed(c, filters, head, tiny);
      for (let k = 0; k < 3; k++)
        expect(Math.abs(e[k]! - ref[k]!)).toBeLessThan(1e-4 * (1 + Math.abs(ref[k]!)));
    }
    await onnx.release();
    expect(() => exportFilterBankOnnx(tiny, filters.slice(1), head)).toThrow(/1 filters/);
  });

  it("fits a ridge head that recovers a linear map, and shrinks it as λ grows", () => {
    const X = Array.from({ length: 200 }, () => Float64Array.from({ length: 5 }, () => 3 * rng.normal() + 7));
    const W = [Float64Array.of(1, -2, 0, 0.5, 3), Float64Array.of(0, 1, 1, 0, -1)];
    const Y = X.map((x) => W.map((w, o) => w.reduce((a, v, i) => a + v * x[i]!, o === 0 ? 4 : -2)));
    const [small, large] = fitRidge(X, Y, [1e-9, 10]);
    for (let o = 0; o < 2; o++) {
      for (let i = 0; i < 5; i++) expect(small!.head.weight[o]![i]).toBeCloseTo(W[o]![i]!, 5);
      expect(small!.head.bias[o]).toBeCloseTo(o === 0 ? 4 : -2, 4);
    }
    expect(small!.trainMse).toBeLessThan(1e-12);
    const norm = (w: Float64Array[]) => w.flatMap((r) => Array.from(r)).reduce((a, v) => a + v * v, 0);
    expect(norm(large!.head.weight)).toBeLessThan(norm(small!.head.weight) / 10);
    expect(() => fitRidge(X, Y.slice(1), [1])).toThrow(/targets/);
    expect(() => fitRidge(X, Y, [0])).toThrow(/positive/);
  });

  it("mirrors a crop left to right", () => {
    const c = Uint8Array.from({ length: 4 }, (_, i) => i);
    expect(Array.from(mirrorCrop(c, 2))).toEqual([1, 0, 3, 2]);
  });
});

/** One augmented view: a jittered re-crop from the source, then photometric changes (as bank.ts does). */
function augmentFace(source: GrayImage, points: FivePoints, seed: number): Float32Array {
  const rng = mulberry32(seed);
  const o = DEFAULT_AUGMENT;
  const crop = alignFace(source, jitterPoints(points, rng, o), { size: o.size, padding: o.padding }).crop;
  return photometric(crop.data, rng, o);
}

describe("augmentation", () => {
  const { crop, points } = cropOf("s1/1.pgm");
  const gray = decodeCapture(orlFixture("s1_1")).gray;

  it("is deterministic for a seed and changes with it", () => {
    const a = augmentFace(gray, points, 5);
    const b = augmentFace(gray, points, 5);
    const c = augmentFace(gray, points, 6);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.length).toBe(32 * 32);
    for (const v of a) expect(Number.isInteger(v) && v >= 0 && v <= 255).toBe(true);
    // Still a view of the same face: correlated with the plain crop.
    expect(
      similarity(
        Array.from(a, (v) => v - 128),
        Array.from(crop, (v) => v - 128),
        "cosine",
      ),
    ).toBeGreaterThan(0.5);
  });
});
