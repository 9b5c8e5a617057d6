import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { execute, quantizeInput } from "../src/exec.js";
import { compileModel, formatInspect, inspectModel, loadProgram } from "../src/model.js";
import { onnx } from "../src/onnx/proto.js";
import { parseModel } from "../src/onnx/read.js";
import { ModelBuilder } from "../src/onnx/write.js";
import { pwlEval, pwlFunction } from "../src/quant/pwl.js";
import { randTensor, rng } from "./helpers.js";
import { convModel } from "./models.js";

describe("ONNX in and out, errors", () => {
  it("writer output reads back with the same nodes and weights", () => {
    const m = convModel();
    const g = parseModel(m.bytes);
    expect(g.nodes.map((n) => n.op)).toEqual(["Conv", "BatchNormalization", "Relu", "Conv", "Relu", "Conv"]);
    expect(g.inputs[0]).toEqual({ name: "x", shape: [1, 2, 6, 6] });
    expect(g.nodes[3]!.attrs.group).toBe(4);
  });

  it("an unsupported op names the op and the node", async () => {
    const b = new ModelBuilder("x", [1, 4]);
    b.output(b.node("Softmax", [b.node("Relu", ["x"])]));
    await expect(inspectModel(b.bytes())).rejects.toMatchObject({
      code: "ZKML_UNSUPPORTED_OP",
      op: "Softmax",
      node: "Softmax_1",
      message: expect.stringMatching(/Softmax.*Softmax_1.*supports.*Remove the node/s),
    });
  });

  it("a product of two activations is refused with a reason", async () => {
    const b = new ModelBuilder("x", [1, 4]);
    b.output(b.node("Mul", ["x", "x"]));
    await expect(inspectModel(b.bytes())).rejects.toMatchObject({
      code: "ZKML_UNSUPPORTED_OP",
      message: expect.stringMatching(/quadratic|activations/),
    });
  });

  it("a dynamic shape is refused", () => {
    const model = onnx.ModelProto.create({
      irVersion: 7,
      opsetImport: [{ version: 13 }],
      graph: {
        node: [{ opType: "Relu", input: ["x"], output: ["y"] }],
        input: [
          {
            name: "x",
            type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: "N" }, { dimValue: 4 }] } } },
          },
        ],
        output: [{ name: "y", type: { tensorType: { elemType: 1 } } }],
      },
    });
    expect(() => parseModel(onnx.ModelProto.encode(model).finish())).toThrow(
      expect.objectContaining({ code: "ZKML_DYNAMIC_SHAPE" }),
    );
  });
});

describe("piecewise-linear Sigmoid and Tanh", () => {
  it("documented max error (0.0059 sigmoid, 0.0119 tanh)", () => {
    for (const [op, bound] of [
      ["Sigmoid", 0.006],
      ["Tanh", 0.012],
    ] as const) {
      const { f, knots } = pwlFunction(op);
      let err = 0;
      for (let x = -12; x <= 12; x += 0.001) err = Math.max(err, Math.abs(pwlEval(f, knots, x) - f(x)));
      expect(err).toBeLessThan(bound);
    }
  });
});

describe("inspect and compile API (what `zkpop model inspect|compile` calls)", () => {
  it("inspect predicts per-layer costs; compile writes circuit, program and manifest", async () => {
    const m = convModel();
    const r = rng(3);
    const calibration = Array.from({ length: 8 }, () => randTensor(r, m.shape));
    const rep = await inspectModel(m.bytes, { calibration });
    const text = formatInspect(rep);
    expect(text).toMatch(/Conv/);
    expect(text).toMatch(/predicted Groth16 proof/);
    expect(rep.cost.totalMacs).toBeGreaterThan(0);
    const outDir = await mkdtemp(path.join(tmpdir(), "zkml-"));
    const { manifest, program } = await compileModel(m.bytes, { calibration, outDir, emitOnly: true });
    expect(manifest.circuit.predictedConstraints).toBe(rep.cost.totalConstraints);
    expect(manifest.drift.minCosine).toBeGreaterThan(0.95);
    const again = await loadProgram(outDir);
    const x = quantizeInput(program, randTensor(r, m.shape));
    expect(execute(again, x).outputs).toEqual(execute(program, x).outputs);
  });
});
