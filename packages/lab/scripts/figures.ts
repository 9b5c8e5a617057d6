/**
 * The verification figures both student scripts report: the student on held-out (s21-s30) and
 * training (s1-s20) subjects beside the teacher on the same pairs, and beside the teacher at the
 * student's 32×32 resolution when data/teacher-eval.json has it.
 */
import { existsSync, readFileSync } from "node:fs";
import { evaluateEmbeddings, type Metric, type VerificationReport } from "../src/evaluate.js";
import { subjectNumber } from "../src/student/dataset.js";
import type { Figure } from "../src/student/report.js";

export const TEACHER32_SOURCE = 'scripts/eval-teacher.ts --sizes 150,32 --sets "21-30 1-20 1-30" --json ...';

function figure(model: string, subjects: string, metric: Metric, r: VerificationReport): Figure {
  return {
    model,
    subjects,
    metric,
    genuinePairs: r.genuinePairs,
    impostorPairs: r.impostorPairs,
    eer: r.eer,
    fnmrAt1e2: r.atFmr[0]!.resolvable ? r.atFmr[0]!.fnmr : null,
    fnmrAt1e3: r.atFmr[1]!.resolvable ? r.atFmr[1]!.fnmr : null,
  };
}

/** `items[i]` is the ORL face whose student embedding is `student[i]`. */
export function studentFigures(
  items: readonly { label: string; teacher: Float32Array }[],
  student: readonly ArrayLike<number>[],
  teacherEvalPath: string,
): { figures: Figure[]; teacher32: boolean } {
  const teacher32 = existsSync(teacherEvalPath)
    ? (JSON.parse(readFileSync(teacherEvalPath, "utf8")) as {
        metric: Metric;
        results: { size: number; subjects: string; report: VerificationReport }[];
      })
    : null;
  const sets: [string, string, (s: number) => boolean][] = [
    ["s21-s30", "21-30", (s) => s > 20],
    ["s1-s20", "1-20", (s) => s <= 20],
  ];
  const figures: Figure[] = [];
  for (const [name, spec, sel] of sets) {
    const idx = items.map((it, i) => (sel(subjectNumber(it.label)) ? i : -1)).filter((i) => i >= 0);
    const labels = idx.map((i) => items[i]!.label);
    const report = (embs: readonly ArrayLike<number>[], metric: Metric) =>
      evaluateEmbeddings(
        idx.map((i) => embs[i]!),
        labels,
        { metric },
      );
    figures.push(figure("student (float ONNX), 32×32", name, "cosine", report(student, "cosine")));
    const teacher = items.map((it) => it.teacher);
    for (const metric of ["euclidean", "cosine"] as Metric[])
      figures.push(figure("teacher, 150×150 chip", name, metric, report(teacher, metric)));
    const t32 = teacher32?.results.find((r) => r.size === 32 && r.subjects === spec);
    if (t32) figures.push(figure("teacher, 32×32 crop upsampled", name, teacher32!.metric, t32.report));
  }
  return { figures, teacher32: teacher32 !== null };
}

export const formatFigure = (fg: Figure) => {
  const p = (x: number | null) => (x === null ? "n/a" : (100 * x).toFixed(2));
  return `${fg.model} ${fg.subjects} ${fg.metric}: EER ${p(fg.eer)} % FNMR@1e-2 ${p(fg.fnmrAt1e2)} FNMR@1e-3 ${p(fg.fnmrAt1e3)}`;
};
