import {
  crossValidatedCard,
  formatRate,
  parseSubjects,
  performanceCard,
  writeCard,
  writeCvCard,
} from "@zkpop/lab";
import { ZkpopError } from "@zkpop/prover";
import { progressPrinter } from "./progress-printer.js";

const USAGE = "usage: zkpop eval --data DIR [--out DIR] [--folds 3 [--cv-subjects 1-30] | --subjects 21-30]";

/**
 * `zkpop eval`: by default the cross-validated card (subjects in folds, the student refitted on
 * the other folds with the committed recipe, teacher ceilings, tag schemes, the circuit's setting)
 * as performance-card.md and performance-card.json; with --subjects, the single held-out card (teacher and student verification on held-out ORL people,
 * circuit-versus-float cosine, the LSH dedup grid and the defaults chosen from it) written as
 * performance-card.md, performance-card.json and det.png into --out.
 */
export async function evalCommand(
  v: Record<string, string | boolean | undefined>,
  argv: readonly string[],
): Promise<void> {
  if (typeof v.data !== "string" || !v.data)
    throw new ZkpopError("BAD_ARGUMENT", `--data is required\n${USAGE}`);
  const outDir = typeof v.out === "string" ? v.out : "performance-card";
  if (typeof v.subjects !== "string") {
    const folds = v.folds === undefined ? 3 : Number(v.folds);
    if (!Number.isInteger(folds) || folds < 2)
      throw new ZkpopError("BAD_ARGUMENT", `--folds must be an integer of at least 2\n${USAGE}`);
    let subjects: number[] | undefined;
    try {
      subjects = typeof v["cv-subjects"] === "string" ? parseSubjects(v["cv-subjects"]) : undefined;
    } catch (e) {
      throw new ZkpopError("EVAL_SUBJECTS_INVALID", (e as Error).message, { cause: e });
    }
    const cv = await crossValidatedCard({
      dataDir: v.data,
      folds,
      ...(subjects ? { subjects } : {}),
      command: `zkpop ${argv.join(" ")}`,
      onProgress: progressPrinter(),
    });
    const files = writeCvCard(outDir, cv);
    console.log(`wrote ${files.markdown} and ${files.json} in ${cv.seconds} s`);
    return;
  }
  const subjects = v.subjects;
  const card = await performanceCard({
    dataDir: v.data,
    subjects,
    command: `zkpop ${argv.join(" ")}`,
    onProgress: progressPrinter(),
  });
  const files = writeCard(outDir, card);
  const { teacher, student, circuit } = card.verification;
  const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
  const c = card.defaults.chosen;
  console.log(
    [
      `EER on ${card.dataset.faces} faces: teacher ${pct(teacher.eer)}, student ${pct(student.eer)}, circuit ${pct(circuit.eer)}`,
      `circuit vs float cosine: min ${card.circuitVsFloat.minCosine.toFixed(4)}, mean ${card.circuitVsFloat.meanCosine.toFixed(4)}${card.circuitVsFloat.pass ? "" : " (BELOW 0.99)"}`,
      c
        ? `recommended LSH: L=${c.tables} k=${c.bits} m=${c.threshold} (caught ${pct(c.genuine.analytic)}, impostor collision ${formatRate(c.impostor.analytic)})${card.defaults.needsNewCircuit ? " — differs from the circuit's L and k" : ""}`
        : "recommended LSH: no setting meets the rule (see the card)",
      `wrote ${files.markdown}, ${files.json}, ${files.png} in ${card.run.seconds.toFixed(0)} s`,
    ].join("\n"),
  );
}
