/**
 * The performance card (issue 4 item 6): teacher and student verification figures on held-out
 * people, the circuit's agreement with the float model, and the LSH dedup trade-off with the
 * defaults chosen from it. `cardMarkdown` renders it, `detPng` draws its DET curves.
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defaultEnrollCircuitOptions, outputBound } from "@zkpop/enroll-circuit";
import type { ProgressFn } from "@zkpop/prover";
import { quantizeModel } from "@zkpop/zkml";
import { type Metric, pairScores, rateCurve, similarity, verificationReport } from "../evaluate.js";
import { ORL_CREDIT } from "../orl.js";
import { loadOnnxStudent } from "../student/onnx-run.js";
import { chooseDefaults, type DefaultsChoice, type DefaultsRule } from "./defaults.js";
import { type DetCurve, type Rgb, thinDetPoints } from "./det-plot.js";
import { embedImages } from "./embed.js";
import { DEFAULT_EVAL_SUBJECTS, evalInputs } from "./inputs.js";
import { type LshGrid, type LshGridOptions, lshGrid } from "./lsh-grid.js";

export const PERFORMANCE_CARD_FORMAT = "zkpop-performance-card/1";
/** The circuit must reproduce the float model's direction on every crop at least this well. */
export const MIN_CIRCUIT_COSINE = 0.99;
const TRAINING_SUBJECTS = 30; // the committed student (v3) trained on s1–s30 (+ LFW)
const CALIBRATION_SUBJECTS = 20; // the default circuit calibrates on s1–s20 (trainingCalibration)

export interface PerformanceCardOptions {
  /** ORL layout: sN/M.pgm. */
  dataDir: string;
  /** Subject spec ("21-30") or list; default the held-out s21–s30. */
  subjects?: string | readonly number[];
  /** Student ONNX; default the committed data/student-32.onnx (quantised with the default circuit's calibration). */
  model?: string;
  grid?: Partial<LshGridOptions>;
  rule?: DefaultsRule;
  /** The command line, recorded in the card's header. */
  command?: string;
  onProgress?: ProgressFn;
}

export interface ModelFigures {
  model: string;
  metric: Metric;
  eer: number;
  eerThreshold: number;
  fnmrAtFmr: { targetFmr: number; fnmr: number; fmr: number; resolvable: boolean }[];
}

export interface PerformanceCard {
  format: typeof PERFORMANCE_CARD_FORMAT;
  run: {
    command: string | null;
    startedAt: string;
    seconds: number;
    machine: string;
  };
  dataset: {
    credit: string;
    dir: string;
    subjects: number[];
    /** Subjects the student trained on (s1–s20) that are in the evaluation: student figures are then optimistic. */
    trainingSubjects: number[];
    images: number;
    faces: number;
    missing: string[];
    genuinePairs: number;
    impostorPairs: number;
  };
  models: {
    teacher: string;
    student: { file: string; sha256: string };
    circuit: { calibration: string; outputs: number; outputExponents: number[]; modelConstraints: number };
  };
  verification: { teacher: ModelFigures; student: ModelFigures; circuit: ModelFigures };
  circuitVsFloat: { crops: number; minCosine: number; meanCosine: number; below: number; pass: boolean };
  lsh: LshGrid;
  defaults: DefaultsChoice;
  det: DetCurve[];
}

const pct = (x: number) => `${(100 * x).toFixed(2)} %`;

const COLORS: Record<"teacher" | "student" | "circuit", Rgb> = {
  teacher: [31, 119, 180],
  student: [214, 39, 40],
  circuit: [44, 160, 44],
};

function figures(
  model: string,
  embeddings: readonly ArrayLike<number>[],
  labels: readonly string[],
  metric: Metric,
): { figures: ModelFigures; det: [number, number][] } {
  const scores = pairScores(embeddings, labels, metric);
  const r = verificationReport(scores, [1e-2, 1e-3]);
  const det = rateCurve(scores).map((p): [number, number] => [p.fmr, p.fnmr]);
  return {
    figures: {
      model,
      metric,
      eer: r.eer,
      eerThreshold: r.eerThreshold,
      fnmrAtFmr: r.atFmr.map((a) => ({
        targetFmr: a.targetFmr,
        fnmr: a.fnmr,
        fmr: a.fmr,
        resolvable: a.resolvable,
      })),
    },
    det: thinDetPoints(det),
  };
}

export async function performanceCard(options: PerformanceCardOptions): Promise<PerformanceCard> {
  const started = Date.now();
  const { dataDir, onProgress } = options;
  const { subjects, images } = evalInputs(dataDir, options.subjects ?? DEFAULT_EVAL_SUBJECTS);
  // The default enrollment circuit's own model and calibration, so the card measures what it proves.
  const circuitOptions = defaultEnrollCircuitOptions();
  const modelPath = options.model ?? (circuitOptions.model as string);
  const modelBytes = new Uint8Array(readFileSync(modelPath));

  onProgress?.({ stage: "quantise", message: "quantising the student as the circuit build does" });
  const { calibration, quant } = circuitOptions;
  const q = await quantizeModel(modelBytes, { ...quant, calibration });
  const student = await loadOnnxStudent(modelBytes);
  let embedded: Awaited<ReturnType<typeof embedImages>>;
  try {
    embedded = await embedImages(dataDir, images, { student, program: q.program }, onProgress);
  } finally {
    await student.release();
  }
  const { samples, missing } = embedded;
  const labels = samples.map((s) => s.label);

  onProgress?.({ stage: "verification", message: `${samples.length} faces, all pairs` });
  const teacher = figures(
    "teacher: face-api FaceRecognitionNet, 150×150 grey chip",
    samples.map((s) => s.teacher),
    labels,
    "euclidean",
  );
  const stud = figures(
    "student: float ONNX (onnxruntime), 32×32 crop",
    samples.map((s) => s.student),
    labels,
    "cosine",
  );
  const circ = figures(
    "student through the quantised executor (= circuit)",
    samples.map((s) => s.circuitReal),
    labels,
    "cosine",
  );
  const cos = samples.map((s) => similarity(s.circuitReal, s.student, "cosine"));

  onProgress?.({ stage: "lsh", message: "grid of (L, k, m) with the seeded hyperplanes" });
  const outputs = q.program.outputs;
  // The bound the circuit sizes its sign gadgets for.
  const grid = lshGrid(
    samples.map((s) => s.circuit),
    labels,
    { outputBound: outputBound(q.program), ...options.grid },
  );
  return {
    format: PERFORMANCE_CARD_FORMAT,
    run: {
      command: options.command ?? null,
      startedAt: new Date(started).toISOString(),
      seconds: Math.round((Date.now() - started) / 100) / 10,
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, Node ${process.version}`,
    },
    dataset: {
      credit: ORL_CREDIT,
      dir: dataDir,
      subjects,
      trainingSubjects: subjects.filter((s) => s <= TRAINING_SUBJECTS),
      images: images.length,
      faces: samples.length,
      missing,
      genuinePairs: grid.genuinePairs,
      impostorPairs: grid.impostorPairs,
    },
    models: {
      teacher: "@vladmandic/face-api FaceRecognitionNet (dlib ResNet), 128-d",
      student: { file: path.basename(modelPath), sha256: q.sha256 },
      circuit: {
        calibration: `${calibration.length} crops of training subjects (s1–s${CALIBRATION_SUBJECTS}), as the default circuit`,
        outputs: outputs.reduce((a, o) => a + o.sig.length, 0),
        outputExponents: [...new Set(outputs.flatMap((o) => o.exp))],
        modelConstraints: q.cost.totalConstraints,
      },
    },
    verification: { teacher: teacher.figures, student: stud.figures, circuit: circ.figures },
    circuitVsFloat: {
      crops: cos.length,
      minCosine: Math.min(...cos),
      meanCosine: cos.reduce((a, b) => a + b, 0) / cos.length,
      below: cos.filter((c) => c < MIN_CIRCUIT_COSINE).length,
      pass: cos.every((c) => c >= MIN_CIRCUIT_COSINE),
    },
    lsh: grid,
    defaults: chooseDefaults(grid, options.rule),
    det: [
      { label: `teacher, EER ${pct(teacher.figures.eer)}`, color: COLORS.teacher, points: teacher.det },
      { label: `student float, EER ${pct(stud.figures.eer)}`, color: COLORS.student, points: stud.det },
      { label: `student circuit, EER ${pct(circ.figures.eer)}`, color: COLORS.circuit, points: circ.det },
    ],
  };
}
