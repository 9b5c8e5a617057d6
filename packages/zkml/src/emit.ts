import { ZkpopError } from "@zkpop/errors";
import {
  hashedRowLines,
  productComponent,
  weightCommitmentLines,
  weightDeclarations,
} from "./emit-weights.js";
import {
  type ActLayer,
  type IntRow,
  type Layer,
  layerSize,
  type MaxLayer,
  type Program,
} from "./quant/program.js";

/**
 * circom source for a program. Every decomposition is written out (not via circomlib
 * templates) so that no linear constraint is created: bit 0 is the expression u - sum(2^i b_i)
 * itself, constrained boolean. The constraint count is then the same at --O1 and --O2 and the
 * cost model is exact. Weights are constants inside the accumulator expressions, or with
 * `weights: "hashed"` private inputs multiplied in per-layer product components (emit-weights.ts).
 */
export interface EmitOptions {
  /** Template name; default ZkmlModel. */
  template?: string;
  /** Header comment (model name, hashes). */
  header?: string;
  /** Terms per source line in accumulator expressions. */
  termsPerLine?: number;
  /** Declare `component main` (default true); false to include the template in a larger circuit. */
  main?: boolean;
  /**
   * Split layers into sub-templates of at most this many accumulator terms. The witness wasm
   * compiles each template to one function and V8 refuses functions over ~7.6 MB, which a
   * ~300 k-MAC model in a single template exceeds. Default: split only models over 150 k terms
   * (blocks of 60 k). Constraints are unchanged: the copies into a block are equalities circom
   * removes. Constant weights only (hashed models keep one template).
   */
  blockTerms?: number;
}

const AUTO_SPLIT_TERMS = 150_000;
const AUTO_BLOCK_TERMS = 60_000;

function names(p: Program): string[] {
  const n: string[] = [];
  const nIn = p.inputShape.reduce((a, b) => a * b, 1);
  for (let i = 0; i < nIn; i++) n.push(`in[${i}]`);
  p.layers.forEach((l, k) => {
    const count = l.kind === "act" ? l.rows.length : l.a.length;
    for (let j = 0; j < count; j++) n[l.out0 + j] = `l${k}[${j}]`;
  });
  return n;
}

/** Product signals of a layer's hashed rows (private weight x activation), in emission order. */
class Products {
  count = 0;
  constructor(readonly name: string) {}
}

function rowLines(target: string, r: IntRow, sig: string[], per: number, prod?: Products): string[] {
  if (r.wid && prod) {
    const lines = hashedRowLines(target, r, prod.name, prod.count, per);
    prod.count += r.sig.length;
    return lines;
  }
  const out = [`  ${target} = ${r.bias};`];
  for (let t = 0; t < r.sig.length; t += per) {
    const terms: string[] = [];
    for (let u = t; u < Math.min(r.sig.length, t + per); u++) terms.push(`${r.w[u]}*${sig[r.sig[u]!]}`);
    out.push(`  ${target} += ${terms.join(" + ")};`);
  }
  return out;
}

/** 2^k as a decimal literal: circom's wasm evaluates `2**k` as a full 254-bit exponentiation. */
const pow2 = (k: number): string => (1n << BigInt(k)).toString();

/**
 * N-bit decomposition of `u` into bits[j][0..N-2] (= bits 1..N-1) plus the implicit bit 0.
 * Powers of two are running doublings (`pw += pw`), never `2**i`: with a variable exponent the
 * witness wasm runs a 254-bit square-and-multiply each time (that was ~90 % of witness time).
 */
function decompose(bits: string, N: number): string[] {
  return [
    "    var lc = 0;",
    "    var pw = 2;",
    `    for (var i = 1; i < ${N}; i++) {`,
    `      ${bits}[j][i-1] <-- (u >> i) & 1;`,
    `      ${bits}[j][i-1] * (${bits}[j][i-1] - 1) === 0;`,
    `      lc += ${bits}[j][i-1] * pw;`,
    "      pw += pw;",
    "    }",
    "    var b0 = u - lc;",
    "    b0 * (b0 - 1) === 0;",
  ];
}

/** hashed rows: the layer's product component (its template and functions go to `top`). */
function products(v: string, rows: IntRow[], sig: string[], nW: number, top: string[]): string[] {
  const pc = productComponent(v, rows, sig, nW);
  if (!pc) return [];
  top.push(...pc.top);
  return pc.lines;
}

function actLayer(
  k: number | string,
  l: ActLayer,
  sig: string[],
  per: number,
  nW: number,
  top: string[],
): string[] {
  const R = l.rows.length;
  const v = `l${k}`;
  const M = (1n << BigInt(l.A)) - 1n;
  const out = [
    `  // layer ${k}: ${l.op} '${l.name}' — ${R} activations, ${l.N}-bit decomposition, window ${l.A} bits from ${l.L}, mode ${l.mode}`,
    `  signal ${v}[${R}];`,
    `  signal ${v}_b[${R}][${l.N - 1}];`,
  ];
  if (l.mode === "sat") out.push(`  signal ${v}_inv[${R}];`, `  signal ${v}_z[${R}];`);
  out.push(`  var ${v}_acc[${R}];`);
  const prod = new Products(`${v}_p.m`);
  out.push(...products(v, l.rows, sig, nW, top));
  for (const [j, r] of l.rows.entries()) out.push(...rowLines(`${v}_acc[${j}]`, r, sig, per, prod));
  out.push(
    `  var ${v}_S[${R}] = ${v}_shifts();`,
    `  for (var j = 0; j < ${R}; j++) {`,
    `    var s = ${v}_S[j];`,
    // half = 2^(s-1) (0 when s = 0), p2s = 2^s, by doubling (see decompose)
    "    var half = 0;",
    "    var p2s = 1;",
    "    for (var i = 0; i < s; i++) { half = p2s; p2s += p2s; }",
    `    var u = ${v}_acc[j] + half - (${l.L}) * p2s + ${pow2(l.N - 1)};`,
    ...decompose(`${v}_b`, l.N),
    "    var tlo = 0;",
    "    var pt = 1;",
    `    for (var i = 0; i < ${l.A}; i++) {`,
    `      if (s + i == 0) { tlo += b0; } else { tlo += ${v}_b[j][s+i-1] * pt; }`,
    "      pt += pt;",
    "    }",
    `    var top = ${v}_b[j][${l.N - 2}];`,
  );
  if (l.mode === "none") out.push(`    ${v}[j] <== tlo + (${l.L});`);
  else if (l.mode === "lower") out.push(`    ${v}[j] <== top * tlo + (${l.L});`);
  else {
    out.push(
      "    var h = 1 - top;",
      `    for (var i = s + ${l.A}; i < ${l.N - 1}; i++) { h += ${v}_b[j][i-1]; }`,
      `    ${v}_inv[j] <-- h != 0 ? 1 / h : 0;`,
      `    ${v}_z[j] <== 1 - h * ${v}_inv[j];`,
      `    h * ${v}_z[j] === 0;`,
      `    ${v}[j] <== ${v}_z[j] * (tlo - ${M}) + top * ${M} + (${l.L});`,
    );
  }
  out.push("  }");
  return out;
}

function maxLayer(
  k: number | string,
  l: MaxLayer,
  sig: string[],
  per: number,
  nW: number,
  top: string[],
): string[] {
  const R = l.a.length;
  const v = `l${k}`;
  const out = [
    `  // layer ${k}: ${l.op} '${l.name}' — ${R} pairwise maxima, ${l.N}-bit comparison`,
    `  signal ${v}[${R}];`,
    `  signal ${v}_b[${R}][${l.N - 1}];`,
    `  var ${v}_x[${R}];`,
    `  var ${v}_y[${R}];`,
  ];
  const prod = new Products(`${v}_p.m`);
  out.push(...products(v, [...l.a, ...l.b], sig, nW, top));
  for (const [j, r] of l.a.entries()) out.push(...rowLines(`${v}_x[${j}]`, r, sig, per, prod));
  for (const [j, r] of l.b.entries()) out.push(...rowLines(`${v}_y[${j}]`, r, sig, per, prod));
  out.push(
    `  for (var j = 0; j < ${R}; j++) {`,
    `    var d = ${v}_x[j] - ${v}_y[j];`,
    `    var u = d + ${pow2(l.N - 1)};`,
    ...decompose(`${v}_b`, l.N),
    `    ${v}[j] <== ${v}_b[j][${l.N - 2}] * d + ${v}_y[j];`,
    "  }",
  );
  return out;
}

const rowsOf = (l: Layer): IntRow[] => (l.kind === "act" ? l.rows : [...l.a, ...l.b]);
const termsOf = (l: Layer): number => rowsOf(l).reduce((a, r) => a + r.sig.length, 0);

/** Row ranges [start, end) of a layer's blocks, each at most `limit` terms (at least one row). */
function blocks(l: Layer, limit: number): Array<[number, number]> {
  const R = layerSize(l);
  const cost = (j: number) =>
    l.kind === "act" ? l.rows[j]!.sig.length : l.a[j]!.sig.length + l.b[j]!.sig.length;
  const out: Array<[number, number]> = [];
  let start = 0;
  let acc = 0;
  for (let j = 0; j < R; j++) {
    if (j > start && acc + cost(j) > limit) {
      out.push([start, j]);
      start = j;
      acc = 0;
    }
    acc += cost(j);
  }
  out.push([start, R]);
  return out;
}

/**
 * One block of a layer as its own template: inputs are the signals its rows reference, the
 * output is the block's activations. Returns the lines for the parent template; the block's
 * template and shift function go to `top`. `sig` gains the block outputs' names.
 */
function blockComponent(
  k: number,
  b: number,
  l: Layer,
  [a, e]: [number, number],
  sig: string[],
  per: number,
  top: string[],
): string[] {
  const sub: Layer =
    l.kind === "act"
      ? { ...l, rows: l.rows.slice(a, e), S: l.S.slice(a, e) }
      : { ...l, a: l.a.slice(a, e), b: l.b.slice(a, e) };
  const refs = [...new Set(rowsOf(sub).flatMap((r) => Array.from(r.sig)))].sort((x, y) => x - y);
  const local: string[] = [];
  refs.forEach((g, i) => {
    local[g] = `x[${i}]`;
  });
  const id = `${k}_${b}`;
  const v = `l${id}`;
  if (sub.kind === "act")
    top.push(`function ${v}_shifts() {\n  var s[${sub.S.length}] = [${sub.S.join(",")}];\n  return s;\n}`);
  const lines =
    sub.kind === "act" ? actLayer(id, sub, local, per, 0, top) : maxLayer(id, sub, local, per, 0, top);
  const R = e - a;
  const decl = `  signal ${v}[${R}];`;
  if (lines[1] !== decl)
    throw new ZkpopError("INTERNAL", `emitter: unexpected layer declaration ${lines[1]}`);
  lines[1] = `  signal output ${v}[${R}];`;
  top.push(`template Block_${id}() {`, `  signal input x[${refs.length}];`, ...lines, "}");
  for (let j = a; j < e; j++) sig[l.out0 + j] = `c${id}.${v}[${j - a}]`;
  return [
    `  component c${id} = Block_${id}();`,
    ...refs.map((g, i) => `  c${id}.x[${i}] <== ${sigOf(sig, g)};`),
  ];
}

function sigOf(sig: string[], g: number): string {
  const s = sig[g];
  if (!s) throw new ZkpopError("INTERNAL", `emitter: signal ${g} used before it is defined`);
  return s;
}

export function emitCircom(p: Program, opts: EmitOptions = {}): string {
  const per = opts.termsPerLine ?? 16;
  const tpl = opts.template ?? "ZkmlModel";
  const sig = names(p);
  const nIn = p.inputShape.reduce((a, b) => a * b, 1);
  const nOut = p.outputs.reduce((a, o) => a + o.sig.length, 0);
  const fns: string[] = [];
  const total = p.layers.reduce((a, l) => a + termsOf(l), 0);
  const limit = p.weights
    ? Infinity
    : (opts.blockTerms ?? (total > AUTO_SPLIT_TERMS ? AUTO_BLOCK_TERMS : Infinity));
  if (limit === Infinity) {
    p.layers.forEach((l, k) => {
      if (l.kind === "act")
        fns.push(`function l${k}_shifts() {\n  var s[${l.S.length}] = [${l.S.join(",")}];\n  return s;\n}`);
    });
  }
  const off = p.inSigned ? pow2(p.inBits - 1) : "0";
  const body = [
    `  signal input in[${nIn}];`,
    `  signal output out[${nOut}];`,
    ...(p.weights ? weightDeclarations(p.weights) : []),
    `  // input range check: every input integer in ${p.inSigned ? "[-2^(B-1), 2^(B-1))" : "[0, 2^B)"}, B = ${p.inBits}`,
    `  signal in_b[${nIn}][${p.inBits - 1}];`,
    `  for (var j = 0; j < ${nIn}; j++) {`,
    `    var u = in[j] + ${off};`,
    ...decompose("in_b", p.inBits),
    "  }",
  ];
  if (p.weights) body.push(...weightCommitmentLines(p.weights, decompose));
  const nW = p.weights?.values.length ?? 0;
  for (const [k, l] of p.layers.entries()) {
    if (limit === Infinity) {
      body.push(
        ...(l.kind === "act" ? actLayer(k, l, sig, per, nW, fns) : maxLayer(k, l, sig, per, nW, fns)),
      );
    } else {
      for (const [b, range] of blocks(l, limit).entries())
        body.push(...blockComponent(k, b, l, range, sig, per, fns));
    }
  }
  let o = 0;
  for (const out of p.outputs) for (const s of out.sig) body.push(`  out[${o++}] <== ${sig[s]};`);
  return [
    "pragma circom 2.1.0;",
    `// Generated by @zkpop/zkml. ${opts.header ?? ""}`.trimEnd(),
    ...(p.weights
      ? ['include "poseidon.circom"; // circomlib (compile with its circuits folder on the include path)']
      : []),
    "",
    ...fns,
    "",
    `template ${tpl}() {`,
    ...body,
    "}",
    "",
    ...(opts.main === false ? [] : [`component main = ${tpl}();`, ""]),
  ].join("\n");
}
