/**
 * The training report (JSON + Markdown): architecture costs, data, configuration, history, and
 * verification figures for the student beside the teacher.
 */
import type { archCosts, StudentArch } from "./arch.js";
import type { HistoryRow, TrainConfig } from "./train.js";

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

export interface StudentReport {
  format: "zkpop-student-report/1";
  arch: StudentArch;
  costs: ReturnType<typeof archCosts>;
  onnx: {
    file: string;
    bytes: number;
    sha256: string;
    input: string;
    output: string;
    maxAbsDiffVsTfjs: number;
    checkedCrops: number;
  };
  data: Record<string, unknown>;
  config: TrainConfig & { backend: string; lfw: boolean; targetDim: number; targetExplained: number };
  training: {
    stepsRun: number;
    seconds: number;
    msPerStep: number;
    epochs: number;
    best: HistoryRow;
    history: HistoryRow[];
  };
  figures: Figure[];
  notes: string[];
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

export function reportMarkdown(r: StudentReport): string {
  const L: string[] = [];
  L.push(`# Student face model: ${r.arch.name}`, "");
  L.push(
    `ONNX \`${r.onnx.file}\` (${(r.onnx.bytes / 1024).toFixed(0)} KB, sha256 \`${r.onnx.sha256.slice(0, 16)}…\`): input ${r.onnx.input}, output ${r.onnx.output}. ` +
      `onnxruntime-node vs tfjs on ${r.onnx.checkedCrops} crops: max |diff| ${r.onnx.maxAbsDiffVsTfjs.toExponential(2)}.`,
    "",
  );
  L.push("## Architecture and circuit cost", "");
  L.push("| # | op | output | params | MACs | ReLU activations |", "|---|---|---|---|---|---|");
  for (const l of r.costs.layers)
    L.push(
      `| ${l.index} | ${l.op} | ${l.outShape.join("×")} | ${l.params} | ${l.macs.toLocaleString("en")} | ${l.activations || ""} |`,
    );
  L.push(
    `| | **total** | | ${r.costs.params} | **${r.costs.macs.toLocaleString("en")}** | **${r.costs.activations.toLocaleString("en")}** |`,
    "",
  );
  L.push(...figuresSection(r.figures));
  L.push("## Training", "");
  const c = r.config;
  L.push(
    `- backend tfjs \`${c.backend}\`, seed ${c.seed}, batch ${c.batch}, ${r.training.stepsRun} steps (${r.training.epochs.toFixed(0)} epochs of the training set), ` +
      `${(r.training.seconds / 60).toFixed(1)} min (${r.training.msPerStep.toFixed(0)} ms/step), Adam lr ${c.lr} → ${c.lrMin} (warm-up ${c.warmupSteps}, cosine decay)`,
    `- loss: ${c.loss.cosine} × (1 − cos(student, target)) + ${c.loss.relational} × mean squared difference of the batch cosine matrices; target = teacher descriptor centred and projected on its top ${c.targetDim} principal axes (${(100 * c.targetExplained).toFixed(1)} % of the variance), L2-normalised`,
    `- mixup of two different faces on ${100 * c.mixupProb} % of samples (λ ∈ [0.2, 0.8], target = normalised mix)`,
    `- augmentation: ${JSON.stringify(c.augment)}`,
    `- selected: step ${r.training.best.step} (val EER ${pct(r.training.best.valEer)}, val cos ${r.training.best.valCos.toFixed(4)})`,
    "",
  );
  L.push(
    "| step | epoch | min | lr | loss | cos loss | rel loss | val EER | val cos |",
    "|---|---|---|---|---|---|---|---|---|",
  );
  for (const h of r.training.history)
    L.push(
      `| ${h.step} | ${h.epoch.toFixed(0)} | ${(h.seconds / 60).toFixed(1)} | ${h.lr.toExponential(1)} | ${h.loss.toFixed(4)} | ${h.cosine.toFixed(4)} | ${h.relational.toFixed(4)} | ${pct(h.valEer)} | ${h.valCos.toFixed(4)} |`,
    );
  L.push("", "## Data", "");
  for (const [k, v] of Object.entries(r.data))
    L.push(`- ${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
  if (r.notes.length) L.push("", "## Notes", "", ...r.notes.map((n) => `- ${n}`));
  return `${L.join("\n")}\n`;
}
