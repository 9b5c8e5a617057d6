/**
 * The student's architecture as data, so training, export and the cost table all read the same
 * list. Only ops the circuit compiler handles cheaply: Conv (stride/padding), AveragePool, Relu,
 * Flatten, Gemm. Costs follow shared/notes/measurements.md: a MAC with constant weights is a free
 * linear combination in R1CS; every ReLU (with its rescale) costs ~25-30 constraints, so the
 * activation count is the budget, and pooling/striding happens BEFORE each ReLU.
 */
export type LayerSpec =
  | { kind: "conv"; out: number; k: number; stride: number; pad: number }
  | { kind: "avgpool"; k: number }
  | { kind: "relu" }
  | { kind: "flatten" }
  | { kind: "dense"; out: number };

export interface StudentArch {
  name: string;
  /** Square input side; one grey channel. */
  input: number;
  layers: LayerSpec[];
}

/**
 * The CNN baseline (data/student-cnn-32.*; the default student is filter-bank.ts): 3 blocks,
 * activations 16x16x8 + 8x8x16 + 4x4x24 = 3,456, ~327 k MACs, 64-d output.
 * Block 1 is conv3x3 + AvgPool2 (anti-aliased, as the notes measured); blocks 2-3 use a 4x4
 * stride-2 conv, which contains every conv3x3+AvgPool2 (a 3x3 kernel box-filtered is a 4x4
 * kernel) at 44 % fewer MACs, so the pool-before-ReLU saving holds at a lower MAC count.
 */
export const STUDENT_ARCH: StudentArch = {
  name: "zkpop-student-32-v1",
  input: 32,
  layers: [
    { kind: "conv", out: 8, k: 3, stride: 1, pad: 1 },
    { kind: "avgpool", k: 2 },
    { kind: "relu" },
    { kind: "conv", out: 16, k: 4, stride: 2, pad: 1 },
    { kind: "relu" },
    { kind: "conv", out: 24, k: 4, stride: 2, pad: 1 },
    { kind: "relu" },
    { kind: "flatten" },
    { kind: "dense", out: 64 },
  ],
};

export interface LayerCost {
  index: number;
  op: string;
  /** Output shape [H, W, C] or [D]. */
  outShape: number[];
  params: number;
  macs: number;
  /** ReLU activations (the circuit's non-linear neurons). */
  activations: number;
}

/** Shape propagation and per-layer cost; throws on a shape that does not divide. */
export function archCosts(arch: StudentArch): {
  layers: LayerCost[];
  macs: number;
  activations: number;
  params: number;
  outDim: number;
} {
  let h = arch.input,
    w = arch.input,
    c = 1;
  let flat: number | null = null;
  const layers: LayerCost[] = [];
  arch.layers.forEach((l, index) => {
    let params = 0,
      macs = 0,
      activations = 0,
      op = l.kind as string;
    if (l.kind === "conv") {
      if (flat !== null) throw new Error("conv after flatten");
      const ho = Math.floor((h + 2 * l.pad - l.k) / l.stride) + 1;
      const wo = Math.floor((w + 2 * l.pad - l.k) / l.stride) + 1;
      params = l.k * l.k * c * l.out + l.out;
      macs = ho * wo * l.out * l.k * l.k * c;
      op = `Conv ${l.k}x${l.k}/${l.stride} pad ${l.pad}, ${c}->${l.out}`;
      h = ho;
      w = wo;
      c = l.out;
    } else if (l.kind === "avgpool") {
      if (h % l.k || w % l.k) throw new Error(`avgpool ${l.k} does not divide ${h}x${w}`);
      h /= l.k;
      w /= l.k;
      op = `AveragePool ${l.k}x${l.k}`;
    } else if (l.kind === "relu") {
      activations = flat ?? h * w * c;
      op = "Relu";
    } else if (l.kind === "flatten") {
      flat = h * w * c;
      op = "Flatten";
    } else {
      if (flat === null) throw new Error("dense before flatten");
      params = flat * l.out + l.out;
      macs = flat * l.out;
      op = `Gemm ${flat}->${l.out}`;
      flat = l.out;
    }
    layers.push({ index, op, outShape: flat === null ? [h, w, c] : [flat], params, macs, activations });
  });
  const sum = (k: "macs" | "activations" | "params") => layers.reduce((a, l) => a + l[k], 0);
  return {
    layers,
    macs: sum("macs"),
    activations: sum("activations"),
    params: sum("params"),
    outDim: flat ?? h * w * c,
  };
}
