import { readFile } from "node:fs/promises";
import { DynamicShapeError, ModelFormatError } from "../errors.js";
import { type Tensor, tensor } from "../tensor.js";
import { onnx } from "./proto.js";

export type AttrValue = number | number[] | string | string[] | Tensor;

export interface OnnxNode {
  op: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, AttrValue>;
}

export interface ValueInfo {
  name: string;
  shape: number[];
}

/** An ONNX graph reduced to what zkml needs: static shapes, float initializers, nodes in file order. */
export interface Graph {
  name: string;
  opset: number;
  inputs: ValueInfo[];
  outputs: string[];
  initializers: Map<string, Tensor>;
  nodes: OnnxNode[];
}

const num = (v: unknown): number => (typeof v === "number" ? v : Number(String(v)));

/** TensorProto -> float tensor (ints too: Reshape shapes, Clip bounds). */
export function decodeTensor(t: InstanceType<typeof onnx.TensorProto>): Tensor {
  const T = onnx.TensorProto.DataType;
  const shape = (t.dims ?? []).map(num);
  if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) {
    throw new ModelFormatError(`tensor '${t.name}' uses external data; save the model with weights embedded`);
  }
  const raw = t.rawData && t.rawData.length > 0 ? t.rawData : undefined;
  const n = shape.reduce((a, b) => a * b, 1);
  const view = raw ? new DataView(raw.buffer, raw.byteOffset, raw.byteLength) : undefined;
  const out = new Float64Array(n);
  const read = (i: number): number => {
    switch (t.dataType) {
      case T.FLOAT:
        return view ? view.getFloat32(i * 4, true) : num(t.floatData[i]);
      case T.DOUBLE:
        return view ? view.getFloat64(i * 8, true) : num(t.doubleData[i]);
      case T.INT64:
        return view ? Number(view.getBigInt64(i * 8, true)) : num(t.int64Data[i]);
      case T.INT32:
        return view ? view.getInt32(i * 4, true) : num(t.int32Data[i]);
      case T.INT8:
        return view ? view.getInt8(i) : num(t.int32Data[i]);
      case T.UINT8:
        return view ? view.getUint8(i) : num(t.int32Data[i]);
      default:
        throw new ModelFormatError(
          `tensor '${t.name}' has data type ${T[t.dataType] ?? t.dataType}, not supported`,
        );
    }
  };
  for (let i = 0; i < n; i++) out[i] = read(i);
  return tensor(shape, out);
}

function decodeAttr(a: InstanceType<typeof onnx.AttributeProto>): AttrValue {
  const A = onnx.AttributeProto.AttributeType;
  switch (a.type) {
    case A.INT:
      return num(a.i);
    case A.FLOAT:
      return a.f;
    case A.INTS:
      return a.ints.map(num);
    case A.FLOATS:
      return [...a.floats];
    case A.STRING:
      return new TextDecoder().decode(a.s);
    case A.STRINGS:
      return a.strings.map((s) => new TextDecoder().decode(s));
    case A.TENSOR:
      return decodeTensor(a.t as InstanceType<typeof onnx.TensorProto>);
    default:
      throw new ModelFormatError(`attribute '${a.name}' has type ${A[a.type] ?? a.type}, not supported`);
  }
}

function staticShape(v: InstanceType<typeof onnx.ValueInfoProto>): number[] {
  const dims = v.type?.tensorType?.shape?.dim;
  if (!dims)
    throw new DynamicShapeError(`input '${v.name}' has no shape; export the model with a fixed input shape`);
  return dims.map((d, i) => {
    const value = d.dimValue != null ? num(d.dimValue) : 0;
    if (d.dimParam || !(value > 0)) {
      throw new DynamicShapeError(
        `input '${v.name}' has a dynamic dimension ${i} (${d.dimParam || "unknown"}); a circuit has a fixed size, export the model with a fixed shape (batch 1)`,
      );
    }
    return value;
  });
}

/** Parses ONNX bytes. Constant nodes become initializers; shapes must be static. */
export function parseModel(bytes: Uint8Array): Graph {
  let model: InstanceType<typeof onnx.ModelProto>;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new ModelFormatError(`not an ONNX model: ${(e as Error).message}`);
  }
  if (!model.graph) throw new ModelFormatError("the ONNX model has no graph");
  // protobufjs decodes every repeated field as an array and strings as "", so the class type holds.
  const g = model.graph as InstanceType<typeof onnx.GraphProto>;
  const opset = num(model.opsetImport.find((o) => !o.domain || o.domain === "ai.onnx")?.version ?? 13);
  const initializers = new Map<string, Tensor>();
  for (const t of g.initializer)
    initializers.set(t.name as string, decodeTensor(t as InstanceType<typeof onnx.TensorProto>));
  const nodes: OnnxNode[] = [];
  (g.node as InstanceType<typeof onnx.NodeProto>[]).forEach((n, i) => {
    const attrs: Record<string, AttrValue> = {};
    for (const a of n.attribute)
      attrs[a.name as string] = decodeAttr(a as InstanceType<typeof onnx.AttributeProto>);
    const node: OnnxNode = {
      op: n.opType,
      name: n.name || `${n.opType}_${i}`,
      inputs: [...n.input],
      outputs: [...n.output],
      attrs,
    };
    if (
      node.op === "Constant" &&
      attrs.value &&
      typeof attrs.value === "object" &&
      !Array.isArray(attrs.value)
    ) {
      initializers.set(node.outputs[0]!, attrs.value);
    } else nodes.push(node);
  });
  const inputs = (g.input as InstanceType<typeof onnx.ValueInfoProto>[])
    .filter((v) => !initializers.has(v.name))
    .map((v) => ({ name: v.name, shape: staticShape(v) }));
  if (inputs.length !== 1) {
    throw new ModelFormatError(`zkml compiles models with exactly one input; this one has ${inputs.length}`);
  }
  return {
    name: g.name || "model",
    opset,
    inputs,
    outputs: g.output.map((o) => o.name as string),
    initializers,
    nodes,
  };
}

export async function readModel(file: string): Promise<Graph> {
  return parseModel(await readFile(file));
}
