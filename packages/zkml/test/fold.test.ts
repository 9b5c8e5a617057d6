import { describe, expect, it } from "vitest";
import { execute, quantizeInput } from "../src/exec.js";
import { quantizeModel } from "../src/model.js";
import { ModelBuilder } from "../src/onnx/write.js";
import { randTensor, rng } from "./helpers.js";

/**
 * The same model (dense 6 -> 4, ReLU, dense 4 -> 3) written plainly, and as exporters write it:
 * weights behind Reshape/Transpose/Cast/Unsqueeze/Squeeze of initializers, a Reshape shape from
 * Shape -> Gather -> Concat of constants, at opsets 7, 11 and 13 (axes as attribute vs input).
 */
function plain(): Uint8Array {
  const r = rng(41);
  const b = new ModelBuilder("x", [1, 6]);
  const w1 = randTensor(r, [6, 4]);
  const w2 = randTensor(r, [4, 3]);
  const h = b.node("Relu", [b.node("MatMul", ["x", b.init(w1)])]);
  b.output(b.node("MatMul", [h, b.init(w2)]));
  return b.bytes();
}

function exported(opset: number): Uint8Array {
  const r = rng(41);
  const b = new ModelBuilder("x", [1, 6], opset);
  const w1 = randTensor(r, [6, 4]);
  const w2 = randTensor(r, [4, 3]);
  // w1 stored flat and reshaped; w2 stored transposed, cast, and given a leading 1 then squeezed
  const flat = b.init({ shape: [24], data: w1.data });
  const shapeSrc = b.init({ shape: [6, 4], data: new Array(24).fill(0) }); // only its shape is read
  const dims = b.node("Shape", [shapeSrc]);
  const d0 = b.node("Gather", [dims, b.init({ shape: [1], data: [0] }, { int64: true })], { axis: 0 });
  const target = b.node("Concat", [d0, b.init({ shape: [1], data: [-1] }, { int64: true })], { axis: 0 });
  const W1 = b.node("Reshape", [flat, target]);
  const t = b.init({ shape: [3, 4], data: transpose(w2.data, 4, 3) });
  let W2 = b.node("Cast", [b.node("Transpose", [t], { perm: [1, 0] })], { to: 1 });
  W2 =
    opset >= 13
      ? b.node("Squeeze", [
          b.node("Unsqueeze", [W2, b.init({ shape: [1], data: [0] }, { int64: true })]),
          b.init({ shape: [1], data: [0] }, { int64: true }),
        ])
      : b.node("Squeeze", [b.node("Unsqueeze", [W2], { axes: [0] })], { axes: [0] });
  const h = b.node("Relu", [b.node("MatMul", ["x", W1])]);
  b.output(b.node("MatMul", [h, W2]));
  return b.bytes();
}

function transpose(d: ArrayLike<number>, rows: number, cols: number): number[] {
  const out: number[] = [];
  for (let c = 0; c < cols; c++) for (let r = 0; r < rows; r++) out.push(d[r * cols + c]!);
  return out;
}

describe("constant folding of exporter-style weights", () => {
  const r = rng(42);
  const calibration = Array.from({ length: 16 }, () => Array.from({ length: 6 }, () => r()));

  it.each([7, 11, 13, 17])(
    "opset %i: the same program and outputs as the plainly written model",
    async (opset) => {
      const a = await quantizeModel(plain(), { calibration });
      const b = await quantizeModel(exported(opset), { calibration });
      expect(b.graph.nodes.map((n) => n.op)).toEqual(["MatMul", "Relu", "MatMul"]);
      expect(b.cost.totalConstraints).toBe(a.cost.totalConstraints);
      for (const x of calibration)
        expect(execute(b.program, quantizeInput(b.program, x)).outputs).toEqual(
          execute(a.program, quantizeInput(a.program, x)).outputs,
        );
    },
  );
});
