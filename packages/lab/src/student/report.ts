/** The verification figures a student fit report shows beside the teacher's. */

export interface Figure {
  model: string;
  subjects: string;
  metric: string;
  genuinePairs: number;
  impostorPairs: number;
  eer: number;
  fnmrAt1e2: number | null;
  fnmrAt1e3: number | null;
}

const pct = (x: number | null) => (x === null ? "n/a" : `${(100 * x).toFixed(2)} %`);

/** The verification section both student reports share (Markdown lines). */
export function figuresSection(figures: readonly Figure[]): string[] {
  return [
    "## Verification (all pairs; cosine for the student)",
    "",
    "| model | subjects | metric | genuine / impostor pairs | EER | FNMR @ FMR 1e-2 | FNMR @ FMR 1e-3 |",
    "|---|---|---|---|---|---|---|",
    ...figures.map(
      (f) =>
        `| ${f.model} | ${f.subjects} | ${f.metric} | ${f.genuinePairs} / ${f.impostorPairs} | ${pct(f.eer)} | ${pct(f.fnmrAt1e2)} | ${pct(f.fnmrAt1e3)} |`,
    ),
    "",
  ];
}
