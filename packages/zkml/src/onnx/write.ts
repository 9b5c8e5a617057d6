import { writeFile } from "node:fs/promises";
import type { Tensor } from "../tensor.js";
import { onnx } from "./proto.js";

export type Attr = number | number[] | string | { floats: number[] } | { float: number };

/**
 * Builds ONNX models in code: tests and training scripts use it to produce models zkml then
 * compiles (float32 weights, opset 13, one input).
 */
export class ModelBuilder {
  private readonly nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  private readonly inits: InstanceType<typeof onnx.TensorProto>[] = [];
  private readonly outputs: string[] = [];
  private readonly outputShapes = new Map<string, number[]>();
  private counter = 0;

  constructor(
    readonly inputName: string,
    readonly inputShape: number[],
    readonly opset = 13,
  ) {}

  /** A fresh tensor name. */
  name(prefix = "t"): string {
    return `${prefix}_${this.counter++}`;
  }

  /** Adds a float32 initializer (or int64 with `int64: true`, for Reshape shapes); returns its name. */
  init(
    t: Tensor | { shape: number[]; data: ArrayLike<number> },
    opts: { name?: string; int64?: boolean } = {},
  ): string {
    const name = opts.name ?? this.name("w");
    const data = Array.from(t.data as ArrayLike<number>);
    this.inits.push(
      onnx.TensorProto.create(
        opts.int64
          ? { name, dims: t.shape, dataType: onnx.TensorProto.DataType.INT64, int64Data: data }
          : { name, dims: t.shape, dataType: onnx.TensorProto.DataType.FLOAT, floatData: data },
      ),
    );
    return name;
  }

  /** Adds a node; returns its (first) output name. */
  node(op: string, inputs: string[], attrs: Record<string, Attr> = {}, outputs?: string[]): string {
    const outs = outputs ?? [this.name(op.toLowerCase())];
    const A = onnx.AttributeProto.AttributeType;
    const attribute = Object.entries(attrs).map(([name, v]) => {
      if (typeof v === "number") {
        return Number.isInteger(v) && !name.match(/alpha|beta|epsilon|gamma|min|max|ratio/)
          ? { name, type: A.INT, i: v }
          : { name, type: A.FLOAT, f: v };
      }
      if (typeof v === "string") return { name, type: A.STRING, s: new TextEncoder().encode(v) };
      if (Array.isArray(v)) return { name, type: A.INTS, ints: v };
      if ("floats" in v) return { name, type: A.FLOATS, floats: v.floats };
      return { name, type: A.FLOAT, f: v.float };
    });
    this.nodes.push(
      onnx.NodeProto.create({
        opType: op,
        name: `${op}_${this.nodes.length}`,
        input: inputs,
        output: outs,
        attribute,
      }),
    );
    return outs[0]!;
  }

  /** Declares a graph output; its shape is optional (ONNX allows it unspecified). */
  output(name: string, shape?: number[]): this {
    this.outputs.push(name);
    if (shape) this.outputShapes.set(name, shape);
    return this;
  }

  /** Serialised model; `info` names the producer and documents the model (doc string, metadata). */
  bytes(
    info: {
      producer?: string;
      graphName?: string;
      docString?: string;
      metadata?: Record<string, string>;
    } = {},
  ): Uint8Array {
    const vi = (name: string, shape?: number[]) =>
      onnx.ValueInfoProto.create({
        name,
        type: {
          tensorType: {
            elemType: onnx.TensorProto.DataType.FLOAT,
            shape: shape ? { dim: shape.map((d) => ({ dimValue: d })) } : undefined,
          },
        },
      });
    const model = onnx.ModelProto.create({
      irVersion: 7,
      producerName: info.producer ?? "zkpop-zkml",
      docString: info.docString ?? "",
      metadataProps: Object.entries(info.metadata ?? {}).map(([key, value]) => ({ key, value })),
      opsetImport: [{ domain: "", version: this.opset }],
      graph: {
        name: info.graphName ?? "zkml",
        node: this.nodes,
        initializer: this.inits,
        input: [vi(this.inputName, this.inputShape)],
        output: this.outputs.map((o) => vi(o, this.outputShapes.get(o))),
      },
    });
    return onnx.ModelProto.encode(model).finish();
  }

  async save(file: string): Promise<void> {
    await writeFile(file, this.bytes());
  }
}
