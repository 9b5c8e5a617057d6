import type { IntRow, Layer, Program } from "./quant/program.js";

/** Program <-> JSON (bigints as decimal strings), so a compiled model's executor can be reloaded. */
type Json = Record<string, unknown>;

const rowOut = (r: IntRow) => ({
  sig: Array.from(r.sig),
  w: r.w.map(String),
  bias: String(r.bias),
  ...(r.wid ? { wid: Array.from(r.wid) } : {}),
});
const rowIn = (r: { sig: number[]; w: string[]; bias: string; wid?: number[] }): IntRow => ({
  sig: Int32Array.from(r.sig),
  w: r.w.map(BigInt),
  bias: BigInt(r.bias),
  ...(r.wid ? { wid: Int32Array.from(r.wid) } : {}),
});

export function programToJson(p: Program): Json {
  return {
    ...p,
    layers: p.layers.map((l) =>
      l.kind === "act"
        ? { ...l, L: String(l.L), rows: l.rows.map(rowOut) }
        : { ...l, a: l.a.map(rowOut), b: l.b.map(rowOut) },
    ),
    outputs: p.outputs.map((o) => ({ ...o, sig: Array.from(o.sig) })),
    sigLo: p.sigLo.map(String),
    sigHi: p.sigHi.map(String),
    ...(p.weights ? { weights: { ...p.weights, values: p.weights.values.map(String) } } : {}),
  };
}

export function programFromJson(j: Json): Program {
  // biome-ignore lint/suspicious/noExplicitAny: JSON from programToJson
  const x = j as any;
  return {
    ...x,
    layers: x.layers.map(
      (l: Json & { kind: string }): Layer =>
        l.kind === "act"
          ? ({ ...l, L: BigInt(l.L as string), rows: (l.rows as never[]).map(rowIn) } as Layer)
          : ({ ...l, a: (l.a as never[]).map(rowIn), b: (l.b as never[]).map(rowIn) } as Layer),
    ),
    outputs: x.outputs.map((o: { sig: number[] }) => ({ ...o, sig: Int32Array.from(o.sig) })),
    sigLo: x.sigLo.map(BigInt),
    sigHi: x.sigHi.map(BigInt),
    ...(x.weights ? { weights: { ...x.weights, values: x.weights.values.map(BigInt) } } : {}),
  };
}
