import { UnsupportedOpError } from "../errors.js";
import type { Graph, OnnxNode } from "../onnx/read.js";
import { LINEAR_OPS, linearRows, type OpInput } from "../ops/linear.js";
import { maxWindows, NONLINEAR_OPS, pointwise } from "../ops/nonlinear.js";
import { applyRows } from "../ops/rows.js";
import type { Tensor } from "../tensor.js";

export const SUPPORTED_OPS = [...LINEAR_OPS, ...NONLINEAR_OPS].sort();

export function unsupportedOp(n: OnnxNode): UnsupportedOpError {
  return new UnsupportedOpError(
    n.op,
    n.name,
    `unsupported op '${n.op}' at node '${n.name}' (outputs ${n.outputs.join(", ")}). zkml supports ${SUPPORTED_OPS.join(", ")}. ` +
      "Remove the node (apply it outside the circuit, e.g. a final Softmax), or replace it with a supported op before exporting.",
  );
}

/** Throws a typed error naming the first unsupported op, before any work is done. */
export function checkOps(g: Graph): void {
  for (const n of g.nodes) if (!LINEAR_OPS.has(n.op) && !NONLINEAR_OPS.has(n.op)) throw unsupportedOp(n);
}

/** The node's inputs as shapes (+ constants), from computed values and initializers. */
export function nodeInputs(
  g: Graph,
  n: OnnxNode,
  shapeOf: (name: string) => number[] | undefined,
): (OpInput | undefined)[] {
  return n.inputs.map((name) => {
    if (!name) return undefined;
    const c = g.initializers.get(name);
    if (c) return { shape: c.shape, constant: c };
    const shape = shapeOf(name);
    if (!shape)
      throw new UnsupportedOpError(
        n.op,
        n.name,
        `node '${n.name}' reads '${name}', which no earlier node produces`,
      );
    return { shape };
  });
}

/**
 * Float reference executor over the same op definitions the quantiser uses. Returns every
 * tensor (calibration needs the intermediate ranges); onnxruntime is the independent check.
 */
export function runFloat(g: Graph, input: Tensor): Map<string, Tensor> {
  checkOps(g);
  const vals = new Map<string, Tensor>([[g.inputs[0]!.name, input]]);
  for (const n of g.nodes) {
    const ins = nodeInputs(g, n, (name) => vals.get(name)?.shape);
    let out: Tensor;
    if (LINEAR_OPS.has(n.op)) {
      const rows = linearRows(n, ins);
      const data = n.inputs.map((name) => vals.get(name)?.data ?? new Float64Array());
      out = { shape: rows.shape, data: applyRows(rows, data) };
    } else if (n.op === "MaxPool") {
      const x = vals.get(n.inputs[0]!)!;
      const { shape, windows } = maxWindows(n, x.shape);
      const data = new Float64Array(windows.length);
      windows.forEach((w, j) => {
        let m = -Infinity;
        for (const t of w) m = Math.max(m, x.data[t]!);
        data[j] = m;
      });
      out = { shape, data };
    } else out = pointwise(n, ins, vals.get(n.inputs[0]!)!);
    vals.set(n.outputs[0]!, out);
  }
  return vals;
}
