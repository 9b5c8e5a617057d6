import { ModelBuilder } from "../src/onnx/write.js";
import { randTensor, rng } from "./helpers.js";

/** Small random models, one per op family, built with the ONNX writer (deterministic seeds). */
export interface TestModel {
  name: string;
  ops: string[];
  shape: number[];
  bytes: Uint8Array;
}

export function convModel(): TestModel {
  const r = rng(11);
  const shape = [1, 2, 6, 6];
  const b = new ModelBuilder("x", shape);
  let t = b.node("Conv", ["x", b.init(randTensor(r, [4, 2, 3, 3])), b.init(randTensor(r, [4]))], {
    kernel_shape: [3, 3],
    pads: [1, 1, 1, 1],
  });
  t = b.node(
    "BatchNormalization",
    [
      t,
      b.init(randTensor(r, [4], 0.5, 1.5)),
      b.init(randTensor(r, [4])),
      b.init(randTensor(r, [4])),
      b.init(randTensor(r, [4], 0.5, 2)),
    ],
    { epsilon: 1e-5 },
  );
  t = b.node("Relu", [t]);
  // depthwise, stride 2
  t = b.node("Conv", [t, b.init(randTensor(r, [4, 1, 3, 3]))], {
    kernel_shape: [3, 3],
    pads: [1, 1, 1, 1],
    strides: [2, 2],
    group: 4,
  });
  t = b.node("Relu", [t]);
  // grouped 1x1
  t = b.node("Conv", [t, b.init(randTensor(r, [2, 2, 1, 1])), b.init(randTensor(r, [2]))], {
    kernel_shape: [1, 1],
    group: 2,
  });
  b.output(t);
  return { name: "conv", ops: ["Conv", "BatchNormalization", "Relu"], shape, bytes: b.bytes() };
}

export function denseModel(): TestModel {
  const r = rng(12);
  const shape = [1, 3, 2, 2];
  const b = new ModelBuilder("x", shape);
  let t = b.node("Flatten", ["x"], { axis: 1 });
  t = b.node("Gemm", [t, b.init(randTensor(r, [6, 12])), b.init(randTensor(r, [6]))], {
    transB: 1,
    alpha: 0.75,
    beta: 1.25,
  });
  t = b.node("Relu", [t]);
  t = b.node("MatMul", [t, b.init(randTensor(r, [6, 5]))]);
  t = b.node("Add", [t, b.init(randTensor(r, [5]))]);
  t = b.node("Sub", [t, b.init(randTensor(r, [5]))]);
  t = b.node("Mul", [t, b.init(randTensor(r, [1, 5], 0.5, 2))]);
  t = b.node("Div", [t, b.init({ shape: [1], data: [1.5] })]);
  b.output(t);
  return {
    name: "dense",
    ops: ["Flatten", "Gemm", "MatMul", "Add", "Sub", "Mul", "Div"],
    shape,
    bytes: b.bytes(),
  };
}

export function residualModel(): TestModel {
  const r = rng(13);
  const shape = [1, 2, 4, 4];
  const b = new ModelBuilder("x", shape);
  const a = b.node("Relu", [
    b.node("Conv", ["x", b.init(randTensor(r, [2, 2, 3, 3]))], { kernel_shape: [3, 3], pads: [1, 1, 1, 1] }),
  ]);
  const c = b.node("Conv", [a, b.init(randTensor(r, [2, 2, 3, 3]))], {
    kernel_shape: [3, 3],
    pads: [1, 1, 1, 1],
  });
  let t = b.node("Relu", [b.node("Add", [a, c])]);
  t = b.node("Concat", [t, b.node("Identity", ["x"])], { axis: 1 });
  t = b.node("Transpose", [t], { perm: [0, 2, 3, 1] });
  t = b.node("Reshape", [t, b.init({ shape: [2], data: [1, -1] }, { int64: true })]);
  t = b.node("Gemm", [t, b.init(randTensor(r, [64, 4]))]);
  b.output(t);
  return {
    name: "residual",
    ops: ["Add", "Concat", "Transpose", "Reshape", "Identity"],
    shape,
    bytes: b.bytes(),
  };
}

export function poolModel(): TestModel {
  const r = rng(14);
  const shape = [1, 2, 7, 7];
  const b = new ModelBuilder("x", shape);
  let t = b.node("Conv", ["x", b.init(randTensor(r, [3, 2, 3, 3]))], { kernel_shape: [3, 3] });
  t = b.node("Relu", [t]);
  const m = b.node("MaxPool", [t], { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] });
  const a = b.node("AveragePool", [b.node("Dropout", [t])], {
    kernel_shape: [2, 2],
    strides: [2, 2],
    pads: [0, 0, 1, 1],
  });
  t = b.node("Add", [m, a]);
  t = b.node("GlobalAveragePool", [t]);
  t = b.node("Flatten", [t]);
  b.output(t);
  return {
    name: "pool",
    ops: ["MaxPool", "AveragePool", "GlobalAveragePool", "Dropout"],
    shape,
    bytes: b.bytes(),
  };
}

export function activationModel(): TestModel {
  const r = rng(15);
  const shape = [1, 2, 3, 3];
  const b = new ModelBuilder("x", shape);
  const conv = (x: string) =>
    b.node("Conv", [x, b.init(randTensor(r, [2, 2, 1, 1], -2, 2)), b.init(randTensor(r, [2]))], {
      kernel_shape: [1, 1],
    });
  let t = b.node("LeakyRelu", [conv("x")], { alpha: 0.1 });
  t = b.node("PRelu", [conv(t), b.init(randTensor(r, [2, 1, 1], 0, 0.5))]);
  const c1 = b.node("Clip", [conv(t), b.init({ shape: [], data: [0] }), b.init({ shape: [], data: [1] })]);
  const c2 = b.node("Clip", [
    conv(t),
    b.init({ shape: [], data: [-0.5] }),
    b.init({ shape: [], data: [0.5] }),
  ]);
  t = b.node("Concat", [c1, c2], { axis: 1 });
  b.output(t);
  return { name: "activation", ops: ["LeakyRelu", "PRelu", "Clip"], shape, bytes: b.bytes() };
}

export function smoothModel(): TestModel {
  const r = rng(16);
  const shape = [1, 2, 3, 3];
  const b = new ModelBuilder("x", shape);
  const conv = (x: string) =>
    b.node("Conv", [x, b.init(randTensor(r, [2, 2, 1, 1], -3, 3)), b.init(randTensor(r, [2]))], {
      kernel_shape: [1, 1],
    });
  const s = b.node("Sigmoid", [conv("x")]);
  const h = b.node("Tanh", [conv("x")]);
  b.output(b.node("Concat", [s, h], { axis: 1 }));
  return { name: "smooth", ops: ["Sigmoid", "Tanh"], shape, bytes: b.bytes() };
}

export const allModels = [convModel, denseModel, residualModel, poolModel, activationModel, smoothModel];
