/**
 * Writes the zoo's ONNX files from the trained weights (weights.json, from train.py) with
 * zkml's ONNX writer. Run: npx tsx packages/zkml/zoo/build.ts (deterministic: same bytes each run).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadDigits, ModelBuilder } from "@zkpop/zkml";

const here = path.dirname(fileURLToPath(import.meta.url));
type Param = { shape: number[]; data: number[] };
const trained = JSON.parse(readFileSync(path.join(here, "weights.json"), "utf8")) as {
  models: Record<string, { heldOutAccuracy: number; params: Record<string, Param> }>;
};

const INPUT = [1, 1, 8, 8];
const conv = (b: ModelBuilder, x: string, w: Param, bias: Param, strides = [1, 1]) =>
  b.node("Conv", [x, b.init(w), b.init(bias)], { kernel_shape: [3, 3], pads: [1, 1, 1, 1], strides });
const head = (b: ModelBuilder, x: string, w: Param, bias: Param) =>
  b.node("Gemm", [b.node("Flatten", [x], { axis: 1 }), b.init(w), b.init(bias)], { transB: 1 });

const builders: Record<string, (b: ModelBuilder, p: Record<string, Param>) => string> = {
  // 64 -> 32 ReLU -> 10
  "digits-mlp": (b, p) => head(b, b.node("Relu", [head(b, "x", p.W1!, p.b1!)]), p.W2!, p.b2!),
  // conv 1->4 3x3, ReLU, max pool 2x2, dense 64 -> 10
  "digits-cnn": (b, p) => {
    const t = b.node("Relu", [conv(b, "x", p.C1!, p.c1!)]);
    return head(b, b.node("MaxPool", [t], { kernel_shape: [2, 2], strides: [2, 2] }), p.W!, p.b!);
  },
  // stem conv 1->6 stride 2 + ReLU, residual block relu(h + conv(relu(conv(h)))), dense 96 -> 10
  "digits-resnet": (b, p) => {
    const h = b.node("Relu", [conv(b, "x", p.C0!, p.c0!, [2, 2])]);
    const r = conv(b, b.node("Relu", [conv(b, h, p.C1!, p.c1!)]), p.C2!, p.c2!);
    return head(b, b.node("Relu", [b.node("Add", [h, r])]), p.W!, p.b!);
  },
};

for (const [name, build] of Object.entries(builders)) {
  const m = trained.models[name]!;
  const b = new ModelBuilder("x", INPUT);
  b.output(build(b, m.params), [1, 10]);
  const bytes = b.bytes({
    graphName: name,
    docString: `8x8 digits classifier trained by packages/zkml/zoo/train.py (float held-out accuracy ${m.heldOutAccuracy.toFixed(4)})`,
    metadata: { dataset: "UCI optical recognition of handwritten digits (8x8), see zoo/data/CREDIT.md" },
  });
  writeFileSync(path.join(here, `${name}.onnx`), bytes);
  console.log(`${name}.onnx: ${bytes.length} bytes`);
}

// what the CLI example uses: 64 training images as the calibration set, a few held-out inputs
const d = loadDigits();
mkdirSync(path.join(here, "calibration"), { recursive: true });
mkdirSync(path.join(here, "inputs"), { recursive: true });
writeFileSync(
  path.join(here, "calibration", "digits-train-64.json"),
  JSON.stringify(d.train.slice(0, 64).map((i) => d.images[i])),
);
for (const i of d.heldOut.slice(0, 3))
  writeFileSync(
    path.join(here, "inputs", `held-out-${i}-label-${d.labels[i]}.json`),
    JSON.stringify(d.images[i]),
  );
