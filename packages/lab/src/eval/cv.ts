/**
 * The cross-validated performance card (issue 12 item 1): ORL subjects in folds of ten; for each
 * fold the student is fitted on the other subjects (+ the LFW faces) with a fixed recipe, nothing
 * selected on the reported fold, and every figure is reported per fold, as a mean and as the
 * worst fold. Beside it, on the same faces, the teacher at full resolution and at the student's
 * crop size (the ceiling), and the tag schemes compared on the circuit's own outputs.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  DEFAULT_LSH,
  DEFAULT_QUANT,
  lshHyperplanes,
  outputBound,
  projectionBits,
} from "@zkpop/enroll-circuit";
import { ZkpopError } from "@zkpop/errors";
import { FaceNotFoundError, prepareCapture } from "@zkpop/face";
import { readCropCache } from "@zkpop/image";
import type { ProgressFn } from "@zkpop/prover";
import { execute, quantizeModel } from "@zkpop/zkml";
import { type Metric, pairScores, similarity, verificationReport } from "../evaluate.js";
import { exportFilterBankOnnx, FILTER_BANK_STUDENT, filterBankEmbed } from "../student/filter-bank.js";
import { fitStudent, RECIPE_V2, RECIPE_V3, type StudentRecipe } from "../student/recipe.js";
import { teacherChip, teacherDescriptor } from "../teacher.js";
import {
  bestSetting,
  bitAgreement,
  chooseAcrossFolds,
  compareSchemes,
  evaluateWithHeldOut,
  type FixedSetting,
  type PairAgreement,
  PREVIOUS_LSH,
  pairAgreement,
  poseidonTagCost,
  type SchemeSetting,
  TAG_BUDGET,
  tagSchemes,
  V3_CIRCUIT_LSH,
} from "./dedup-model.js";
import { evalInputs } from "./inputs.js";
import { type LearnedScheme, learnedBitSchemes } from "./learned-bits.js";

/** The LFW faces every fold's student also fits on (lab data; from src/ and dist/ alike). */
const LFW_CROPS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../data/lfw-faces-32.json");

export const CV_CARD_FORMAT = "zkpop-cv-card/1";
export const GALLERIES = [1e4, 1e6, 1e8] as const;
export const MAX_FALSE_REFUSAL = 0.01;

export interface Face {
  label: string;
  subject: number;
  pixels: Uint8Array;
  /** Teacher on the 150×150 chip and on the 32×32 crop itself (upsampled by face-api). */
  teacher150: Float32Array;
  teacher32: Float32Array;
}

export interface ModelFold {
  eer: number;
  fnmrAt1e3: number;
  bitAgreement: { genuine: number; impostor: number };
  /** Best exact-tag m of L setting (L ≤ 128) per gallery of GALLERIES. */
  caught: (SchemeSetting | null)[];
}

export interface FoldResult {
  test: number[];
  train: number[];
  genuinePairs: number;
  impostorPairs: number;
  models: Record<string, ModelFold>;
  circuitVsFloat: { minCosine: number; meanCosine: number };
  schemes: { scheme: string; perGallery: (SchemeSetting | null)[] }[];
  /** Learned sign bits fitted on this fold's training subjects (circuit executor outputs). */
  learned?: LearnedScheme[];
  signCost: number;
  modelConstraints: number;
}

function pct(x: number) {
  return `${(100 * x).toFixed(2)} %`;
}

/** Embeds every image once through the enrollment path: detect, align to 32×32; teacher on chip and crop. */
export async function prepareFaces(
  dataDir: string,
  subjects: readonly number[],
  onProgress?: ProgressFn,
): Promise<{ faces: Face[]; missing: string[] }> {
  const { images } = evalInputs(dataDir, subjects);
  const faces: Face[] = [];
  const missing: string[] = [];
  for (const [i, img] of images.entries()) {
    onProgress?.({ stage: "faces", done: i, total: images.length });
    let p: Awaited<ReturnType<typeof prepareCapture>>;
    try {
      p = await prepareCapture(new Uint8Array(readFileSync(path.join(dataDir, img.source))));
    } catch (e) {
      if (!(e instanceof FaceNotFoundError)) throw e;
      missing.push(img.source);
      continue;
    }
    faces.push({
      label: img.label,
      subject: img.subject,
      pixels: p.crop.data,
      teacher150: await teacherDescriptor(teacherChip(p.decoded.gray, p.face.points5).crop),
      teacher32: await teacherDescriptor(p.crop),
    });
  }
  onProgress?.({ stage: "faces", done: images.length, total: images.length });
  return { faces, missing };
}

/**
 * Verification on the embeddings as they are; dedup on them centred by `centre` when given (the
 * training people's mean: hyperplanes through the origin need a centred code, as the student's is).
 */
function modelFold(
  emb: readonly ArrayLike<number>[],
  labels: readonly string[],
  metric: Metric,
  signCost: number,
  centre?: Float64Array,
): ModelFold {
  const r = verificationReport(pairScores(emb, labels, metric), [1e-3]);
  const coded = centre ? emb.map((e) => Float64Array.from(centre, (c, i) => e[i]! - c)) : emb;
  const agree = pairAgreement(coded, labels);
  const scheme = tagSchemes(DEFAULT_LSH).find((s) => s.key === "exact")!;
  return {
    eer: r.eer,
    fnmrAt1e3: r.atFmr[0]!.fnmr,
    bitAgreement: bitAgreement(agree),
    caught: GALLERIES.map((g) => bestSetting(agree, scheme, g, MAX_FALSE_REFUSAL, signCost)),
  };
}

function meanOf(xs: readonly ArrayLike<number>[]): Float64Array {
  const m = new Float64Array(xs[0]!.length);
  for (const x of xs) for (let i = 0; i < m.length; i++) m[i]! += x[i]! / xs.length;
  return m;
}

export interface CvCard {
  format: typeof CV_CARD_FORMAT;
  command: string | null;
  seconds: number;
  subjects: number[];
  faces: number;
  missing: string[];
  recipe: StudentRecipe;
  baseline: StudentRecipe;
  folds: FoldResult[];
  /** The circuit's (L, k, m) chosen across folds within the proof budget (`chooseAcrossFolds`). */
  chosen: FixedSetting | null;
  /** Issue 4: the v2 recipe (float) with its tags, L = 48, k = 8, m = 16, on the same folds. */
  current: FixedSetting;
  /** The circuit before this card (student v3, L = 64, k = 7, m = 22, Poseidon tags), held-out check attached. */
  previous?: FixedSetting;
  budget: number;
}

export interface CvOptions {
  dataDir: string;
  /** Subjects to cross-validate over (default 1–30), split into `folds` contiguous groups. */
  subjects?: readonly number[];
  folds?: number;
  recipe?: StudentRecipe;
  /** Faces already prepared by `prepareFaces` (the slow part), e.g. for several recipes. */
  prepared?: { faces: Face[]; missing: string[] };
  command?: string;
  onProgress?: ProgressFn;
}

export function foldsOf(subjects: readonly number[], folds: number): number[][] {
  if (!Number.isInteger(folds) || folds < 2 || subjects.length < 2 * folds)
    throw new ZkpopError("EVAL_SUBJECTS_INVALID", `need at least two subjects per fold for ${folds} folds`);
  const sorted = [...subjects].sort((a, b) => a - b);
  const size = Math.ceil(sorted.length / folds);
  return Array.from({ length: folds }, (_, f) => sorted.slice(f * size, (f + 1) * size));
}

export async function crossValidatedCard(o: CvOptions): Promise<CvCard> {
  const t0 = Date.now();
  const subjects = o.subjects ?? Array.from({ length: 30 }, (_, i) => i + 1);
  const groups = foldsOf(subjects, o.folds ?? 3);
  const recipe = o.recipe ?? RECIPE_V3;
  const { faces, missing } = o.prepared ?? (await prepareFaces(o.dataDir, subjects, o.onProgress));
  const lfwCache = readCropCache(LFW_CROPS);
  const lfw = lfwCache.crops.map((c, i) => ({ pixels: c.data, teacher150: lfwCache.descriptors[i]! }));
  const spec = FILTER_BANK_STUDENT;
  const folds: FoldResult[] = [];
  const agreements: PairAgreement[] = [];
  const baseAgreements: PairAgreement[] = [];
  let sign = 0;
  for (const [fi, test] of groups.entries()) {
    o.onProgress?.({
      stage: "fold",
      message: `fold ${fi + 1}/${groups.length}: held out s${test[0]}–s${test.at(-1)}`,
    });
    const inTest = new Set(test);
    const tr = faces.filter((f) => !inTest.has(f.subject));
    const te = faces.filter((f) => inTest.has(f.subject));
    const labels = te.map((f) => f.label);
    const base = fitStudent(tr, lfw, RECIPE_V2, spec);
    const cand = fitStudent(tr, lfw, recipe, spec);
    const bytes = exportFilterBankOnnx(spec, cand.filters, cand.head, { arch: spec.name });
    // Calibrated on training subjects only, as the default circuit is.
    const calibration = tr.slice(0, 60).map((f) => Array.from(f.pixels));
    const q = await quantizeModel(bytes, { ...DEFAULT_QUANT, calibration });
    const planes = lshHyperplanes(DEFAULT_LSH);
    const signCost = projectionBits(planes, outputBound(q.program)) + 1;
    const floatEmb = te.map((f) => filterBankEmbed(f.pixels, cand.filters, cand.head, spec));
    const circuitOf = (f: Face) => {
      const run = execute(q.program, Array.from(f.pixels, BigInt));
      return Float64Array.from(run.real.flatMap((r) => Array.from(r)));
    };
    const circEmb = te.map(circuitOf);
    const cos = circEmb.map((c, i) => similarity(c, floatEmb[i]!, "cosine"));
    const baseEmb = te.map((f) => filterBankEmbed(f.pixels, base.filters, base.head, spec));
    baseAgreements.push(pairAgreement(baseEmb, labels));
    const models: Record<string, ModelFold> = {
      "teacher, 150×150 chip": modelFold(
        te.map((f) => f.teacher150),
        labels,
        "euclidean",
        signCost,
        meanOf(tr.map((f) => f.teacher150)),
      ),
      "teacher, 32×32 crop": modelFold(
        te.map((f) => f.teacher32),
        labels,
        "euclidean",
        signCost,
        meanOf(tr.map((f) => f.teacher32)),
      ),
      "student v2 (issue 4 recipe), float": modelFold(baseEmb, labels, "cosine", signCost),
      "student v3 (+ WCCN), float": modelFold(floatEmb, labels, "cosine", signCost),
      "student v3, circuit executor": modelFold(circEmb, labels, "cosine", signCost),
    };
    const agree = pairAgreement(circEmb, labels);
    agreements.push(agree);
    sign = Math.max(sign, signCost);
    folds.push({
      test,
      train: [...new Set(tr.map((f) => f.subject))],
      genuinePairs: agree.genuine.length,
      impostorPairs: agree.impostor.length,
      models,
      circuitVsFloat: {
        minCosine: Math.min(...cos),
        meanCosine: cos.reduce((a, b) => a + b, 0) / cos.length,
      },
      schemes: compareSchemes(agree, tagSchemes(DEFAULT_LSH), GALLERIES, MAX_FALSE_REFUSAL, signCost),
      learned: learnedBitSchemes(tr.map(circuitOf), circEmb, labels, GALLERIES, MAX_FALSE_REFUSAL, signCost),
      signCost,
      modelConstraints: q.cost.totalConstraints,
    });
    const c = models["student v3, circuit executor"]!;
    o.onProgress?.({
      stage: "fold",
      message: `fold ${fi + 1}: student v3 circuit EER ${pct(c.eer)}, caught at 10^6 ${c.caught[1] ? pct(c.caught[1].caught) : "n/a"}`,
    });
  }
  return {
    format: CV_CARD_FORMAT,
    command: o.command ?? null,
    seconds: Math.round((Date.now() - t0) / 1000),
    subjects: [...subjects],
    faces: faces.length,
    missing,
    recipe,
    baseline: RECIPE_V2,
    folds,
    chosen: chooseAcrossFolds(agreements, 1e6, MAX_FALSE_REFUSAL, TAG_BUDGET, sign, GALLERIES),
    current: evaluateWithHeldOut(
      baseAgreements,
      PREVIOUS_LSH,
      1e6,
      MAX_FALSE_REFUSAL,
      GALLERIES,
      sign,
      poseidonTagCost,
    ),
    previous: evaluateWithHeldOut(
      agreements,
      V3_CIRCUIT_LSH,
      1e6,
      MAX_FALSE_REFUSAL,
      GALLERIES,
      sign,
      poseidonTagCost,
    ),
    budget: TAG_BUDGET,
  };
}
