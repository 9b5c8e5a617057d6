import { chainLines, indexed, packLines } from "./emit-commit.js";
import type { IntRow, PrivateWeights } from "./quant/program.js";

/**
 * circom for `weights: "hashed"` (see commit.ts for the commitment it computes):
 * private inputs `w[]`, each range-checked to `bits` bits (signed) so the commitment binds small
 * integers and the accumulator bounds of the lowering hold, packed and hashed into the public
 * output `commitment`. Every term of a hashed row is one product signal (1 constraint per MAC).
 */
export function weightDeclarations(w: PrivateWeights): string[] {
  return [`  signal input w[${w.values.length}];`, "  signal output commitment;"];
}

/** Range checks + packing + chained Poseidon. `decompose` is the emitter's bit decomposition of `u`. */
export function weightCommitmentLines(
  w: PrivateWeights,
  decompose: (bits: string, N: number) => string[],
): string[] {
  const n = w.values.length;
  const off = (1n << BigInt(w.bits - 1)).toString();
  const out = [
    `  // private weights: ${n}, each in [-2^${w.bits - 1}, 2^${w.bits - 1}), packed ${w.perElement} per field element`,
    `  signal w_b[${n}][${w.bits - 1}];`,
    `  for (var j = 0; j < ${n}; j++) {`,
    `    var u = w[j] + ${off};`,
    ...decompose("w_b", w.bits),
    "  }",
  ];
  const nEl = Math.ceil(n / w.perElement);
  out.push(
    ...packLines("pk", "w", n, w.bits, w.perElement, 1n << BigInt(w.bits - 1)),
    ...chainLines("h", indexed("pk", nEl), "commitment"),
  );
  return out;
}

/**
 * The products of one layer's hashed rows, m[c] = w[pw[c]] * x[px[c]], in a template of its
 * own that loops over constant index arrays: unrolled in the main template, a CNN's products
 * exceed V8's wasm function size limit (7.6 MB). Its inputs are wired by signal = signal
 * equalities, which circom's simplifier removes: 1 constraint per product either way.
 */
export function productComponent(
  v: string,
  rows: IntRow[],
  sig: string[],
  nW: number,
): { top: string[]; lines: string[] } | undefined {
  const pw: number[] = [];
  const px: number[] = [];
  const src = new Map<number, number>(); // program signal -> local x index
  for (const r of rows) {
    if (!r.wid) continue;
    r.sig.forEach((s, t) => {
      if (!src.has(s)) src.set(s, src.size);
      pw.push(r.wid![t]!);
      px.push(src.get(s)!);
    });
  }
  if (pw.length === 0) return undefined;
  const T = pw.length;
  const tpl = `${v.toUpperCase()}Products`;
  const top = [
    `function ${v}_pw() {\n  var a[${T}] = [${pw.join(",")}];\n  return a;\n}`,
    `function ${v}_px() {\n  var a[${T}] = [${px.join(",")}];\n  return a;\n}`,
    `template ${tpl}() {`,
    `  signal input x[${src.size}];`,
    `  signal input w[${nW}];`,
    `  signal output m[${T}];`,
    `  var pw[${T}] = ${v}_pw();`,
    `  var px[${T}] = ${v}_px();`,
    `  for (var t = 0; t < ${T}; t++) { m[t] <== w[pw[t]] * x[px[t]]; }`,
    "}",
  ];
  const lines = [
    `  component ${v}_p = ${tpl}();`,
    `  for (var i = 0; i < ${nW}; i++) { ${v}_p.w[i] <== w[i]; }`,
  ];
  for (const [s, i] of src) lines.push(`  ${v}_p.x[${i}] <== ${sig[s]};`);
  return { top, lines };
}

/** Accumulator of a hashed row: bias + its products (`prod` = the layer's product outputs, from `first`). */
export function hashedRowLines(
  target: string,
  r: IntRow,
  prod: string,
  first: number,
  per: number,
): string[] {
  const out = [`  ${target} = ${r.bias};`];
  for (let t = 0; t < r.sig.length; t += per) {
    const terms: string[] = [];
    for (let u = t; u < Math.min(r.sig.length, t + per); u++) terms.push(`${prod}[${first + u}]`);
    out.push(`  ${target} += ${terms.join(" + ")};`);
  }
  return out;
}
