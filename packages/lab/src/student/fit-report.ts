/** The report of the default student's fit (scripts/fit-student.ts): JSON shape and Markdown. */
import type { FilterBankCosts, FilterBankSpec } from "./filter-bank.js";
import { type Figure, figuresSection } from "./report.js";

export interface FitReport {
  format: "zkpop-student-fit-report/1";
  spec: FilterBankSpec;
  costs: FilterBankCosts;
  onnx: { file: string; bytes: number; sha256: string; maxAbsDiffVsTypeScript: number; checkedCrops: number };
  fit: {
    rows: number;
    mirror: boolean;
    targetDim: number;
    seconds: number;
    lambda: number;
    /** WCCN shrinkage (0: no whitening). */
    whitenShrink: number;
  };
  data: Record<string, string>;
  figures: Figure[];
}

export function fitReportMarkdown(r: FitReport): string {
  const s = r.spec,
    c = r.costs;
  const ch = 2 * s.filters;
  const L = [
    `# Student face model: ${s.name}`,
    "",
    `ONNX \`${r.onnx.file}\` (${(r.onnx.bytes / 1024).toFixed(0)} KB, sha256 \`${r.onnx.sha256.slice(0, 16)}…\`): input pixels float32 [1,1,${s.input},${s.input}], grey bytes 0..255; output embedding float32 [1,${s.outDim}], compare by cosine. onnxruntime-node vs the TypeScript forward pass on ${r.onnx.checkedCrops} crops: max |diff| ${r.onnx.maxAbsDiffVsTypeScript.toExponential(2)}.`,
    "",
    "## Architecture and circuit cost",
    "",
    "| branch | op | output | MACs | ReLU activations |",
    "|---|---|---|---|---|",
    `| filters | Conv ${s.kernel}×${s.kernel}/${s.stride}, ${s.filters} PCA patch filters and their negatives | ${c.map}×${c.map}×${ch} | ${(c.map * c.map * ch * s.kernel * s.kernel).toLocaleString("en")} | |`,
    `| filters | Relu | ${c.map}×${c.map}×${ch} | 0 | ${(c.activations - c.pooled).toLocaleString("en")} |`,
    `| filters | AveragePool ${s.cell}×${s.cell}, Relu (identity here; makes each cell a circuit signal), Flatten | ${c.pooled} | 0 | ${c.pooled} |`,
    `| pixels | Flatten | ${s.input * s.input} | 0 | |`,
    `| head | Concat, Gemm ${c.features}→${s.outDim} | ${s.outDim} | ${(c.features * s.outDim).toLocaleString("en")} | |`,
    `| | **total** (${c.params.toLocaleString("en")} parameters) | | **${c.macs.toLocaleString("en")}** | **${c.activations.toLocaleString("en")}** |`,
    "",
    ...figuresSection(r.figures),
    "## Fit",
    "",
    `- filters: the top ${s.filters} principal axes of mean-free ${s.kernel}×${s.kernel} patches of the training crops (stride ${s.stride}); each is used with both signs, so the ReLU keeps both half-waves`,
    `- head: ridge regression of the target on the standardised features (pixels / 255 and the pooled responses), λ per sample, solved in closed form (Cholesky); ${r.fit.rows} rows, ${(r.fit.seconds).toFixed(0)} s in all`,
    `- target: teacher descriptor centred and projected on its top ${r.fit.targetDim} principal axes, L2-normalised`,
    `- augmentation: ${r.fit.mirror ? "each face and its mirror image, with the same target" : "none"}`,
    `- λ = ${r.fit.lambda} (fixed, the value issue 4 selected)`,
    r.fit.whitenShrink > 0
      ? `- WCCN: the head's outputs are whitened by the training people's within-person covariance (shrunk ${r.fit.whitenShrink} towards its mean eigenvalue), folded into the Gemm: no circuit cost`
      : "- no WCCN",
    "",
    "## Data",
    "",
    ...Object.entries(r.data).map(([k, v]) => `- ${k}: ${v}`),
  ];
  return `${L.join("\n")}\n`;
}
