import { FixedPointRangeError, UnsupportedOpError } from "../errors.js";
import { checkOps, nodeInputs } from "../float/run.js";
import type { Graph, OnnxNode } from "../onnx/read.js";
import { floatAttr } from "../ops/attrs.js";
import { LINEAR_OPS, linearRows } from "../ops/linear.js";
import { clipBounds, maxWindows, preluSlope } from "../ops/nonlinear.js";
import { size } from "../tensor.js";
import type { Range } from "./calibrate.js";
import { compose, identityLazy, isIdentity, type Lazy, LazyBuilder, meanFanIn, rowOf } from "./lazy.js";
import { type QuantOptions, resolveQuantOptions } from "./options.js";
import {
  bitsFor,
  floorDiv,
  type IntRow,
  type Layer,
  type PrivateWeights,
  type Program,
  rowRange,
} from "./program.js";
import { pwlDeltas, pwlFunction } from "./pwl.js";

type Window = { kind: "relu" | "signed"; A: number; fy: number } | { kind: "exact" };

const MAX_BITS = 250; // decompositions stay far below the 254-bit field: no value in range can wrap
const pow2 = (k: number) => 1n << BigInt(k);

/** Smallest k with a * 2^k an integer (a != 0, a finite float). */
function exactExp(a: number): number {
  let k = 0;
  while (!Number.isInteger(a * 2 ** k) && k < 80) k++;
  while (k > -80 && Number.isInteger(a * 2 ** (k - 1))) k--;
  return k;
}

function scaleExp(maxAbs: number, limit: number): number {
  if (!(maxAbs > 0)) return 0;
  return Math.floor(Math.log2(limit / maxAbs));
}

class Lowering {
  readonly sigExp: number[] = [];
  readonly sigLo: bigint[] = [];
  readonly sigHi: bigint[] = [];
  readonly layers: Layer[] = [];
  readonly env = new Map<string, Lazy>();
  readonly o: Required<QuantOptions>;
  /** hashed mode: private weight values, and the slot of each distinct (layer, scale, coefficient row). */
  readonly wValues: bigint[] = [];

  constructor(
    readonly g: Graph,
    readonly calib: Map<string, Range>,
    opts: QuantOptions,
  ) {
    this.o = resolveQuantOptions(opts);
  }

  private newSignals(exp: number[], lo: bigint[], hi: bigint[]): number {
    const first = this.sigExp.length;
    this.sigExp.push(...exp);
    this.sigLo.push(...lo);
    this.sigHi.push(...hi);
    return first;
  }

  private range(name: string): Range {
    const r = this.calib.get(name) ?? { min: -1, max: 1 };
    return { min: r.min * this.o.headroom, max: r.max * this.o.headroom };
  }

  /** Integer rows at an accumulator exponent E chosen per output channel (or per tensor). */
  private quantRows(l: Lazy): { rows: IntRow[]; E: number[] } {
    const n = l.bias.length;
    const C = l.shape.length >= 2 ? l.shape[1]! : 1;
    const inner = l.shape.length >= 2 ? size(l.shape.slice(2)) : 1;
    const group = (j: number) =>
      this.o.weightScale === "per-channel" && l.shape.length >= 2 ? Math.floor(j / inner) % C : 0;
    const groups = this.o.weightScale === "per-channel" ? C : 1;
    const maxA = new Float64Array(groups);
    const exact = new Float64Array(groups).fill(-Infinity);
    for (let j = 0; j < n; j++) {
      const g = group(j);
      for (let t = l.start[j]!; t < l.start[j + 1]!; t++) {
        const a = l.coef[t]! * 2 ** -this.sigExp[l.sig[t]!]!;
        maxA[g] = Math.max(maxA[g]!, Math.abs(a));
        exact[g] = Math.max(exact[g]!, exactExp(a));
      }
    }
    const limit = 2 ** (this.o.weightBits - 1) - 1;
    const Eg = Array.from(maxA, (m, g) => {
      const eq = m > 0 ? scaleExp(m, limit) : 0;
      return Math.min(exact[g]!, eq);
    });
    const rows: IntRow[] = [];
    const E: number[] = [];
    const slotKeys = new Map<string, Int32Array>();
    for (let j = 0; j < n; j++) {
      const e = Eg[group(j)]!;
      const r = rowOf(l, j);
      const w = Array.from(r.coef, (c, t) => BigInt(Math.round(c * 2 ** (e - this.sigExp[r.sig[t]!]!))));
      const bias = BigInt(Math.round(r.bias * 2 ** e));
      E.push(e);
      if (this.o.weights === "hashed") {
        rows.push({ sig: Int32Array.from(r.sig), w, bias, wid: this.slots(slotKeys, e, r, w) });
        continue;
      }
      const keep = w.map((x, t) => (x !== 0n ? t : -1)).filter((t) => t >= 0);
      rows.push({ sig: Int32Array.from(keep.map((t) => r.sig[t]!)), w: keep.map((t) => w[t]!), bias });
    }
    return { rows, E };
  }

  /**
   * hashed mode: weight slots of a row. Rows of one materialisation with the same real
   * coefficients and scale (a conv kernel at every interior position) share slots, so the
   * commitment covers each distinct weight once. The key uses real coefficients, never the
   * quantised values, so the circuit's structure does not depend on them; zero weights keep
   * their term for the same reason.
   */
  private slots(
    keys: Map<string, Int32Array>,
    e: number,
    r: { sig: Int32Array; coef: Float64Array },
    w: bigint[],
  ): Int32Array {
    const key = `${e}|${Array.from(r.coef, (c, t) => c * 2 ** -this.sigExp[r.sig[t]!]!).join(",")}`;
    let ids = keys.get(key);
    if (!ids) {
      ids = Int32Array.from(w, (_, t) => this.wValues.length + t);
      this.wValues.push(...w);
      keys.set(key, ids);
    }
    return ids;
  }

  /** Rescale (+ activation window) of integer rows into new signals: one ActLayer. */
  private actRows(rows: IntRow[], E: number[], shape: number[], name: string, op: string, win: Window): Lazy {
    const S: number[] = [];
    let L = 0n;
    let A = 1;
    let fy = 0;
    if (win.kind !== "exact") {
      A = win.A;
      fy = win.fy;
      L = win.kind === "relu" ? 0n : -pow2(A - 1);
    }
    const scaled = new Set<number>();
    const ranges = rows.map((r, j) => {
      let s = win.kind === "exact" ? 0 : E[j]! - fy;
      if (s < 0) {
        // finer output scale than the accumulator: multiply (free, exact) instead of shifting
        const k = pow2(-s);
        rows[j] = {
          sig: r.sig,
          w: r.w.map((x) => x * k),
          bias: r.bias * k,
          ...(r.wid ? { wid: r.wid } : {}),
        };
        // private weights scale with the row (once per slot: rows may share slots)
        r.wid?.forEach((id, t) => {
          if (!scaled.has(id)) this.wValues[id] = r.w[t]! * k;
          scaled.add(id);
        });
        s = 0;
      }
      S.push(s);
      return rowRange(rows[j]!, this.sigLo, this.sigHi);
    });
    if (win.kind === "exact") {
      let hi = 1n;
      for (const [, h] of ranges) if (h > hi) hi = h;
      A = Math.max(1, hi.toString(2).length);
    }
    const M = pow2(A) - 1n;
    let N = 2;
    let low = false;
    let high = false;
    const lo: bigint[] = [];
    const hi: bigint[] = [];
    ranges.forEach(([a, b], j) => {
      const s = S[j]!;
      const off = (s > 0 ? pow2(s - 1) : 0n) - L * pow2(s);
      const tlo = floorDiv(a + off, pow2(s));
      const thi = floorDiv(b + off, pow2(s));
      if (tlo < 0n) low = true;
      if (thi > M) high = true;
      N = Math.max(N, s + A + 1, bitsFor(a + off, b + off));
      const clamp = (t: bigint) => (t < 0n ? 0n : t > M ? M : t);
      lo.push(L + clamp(tlo));
      hi.push(L + clamp(thi));
    });
    if (N > MAX_BITS) {
      throw new FixedPointRangeError(
        `layer '${name}' needs a ${N}-bit decomposition (limit ${MAX_BITS}); lower weightBits or activationBits`,
      );
    }
    const exps = rows.map((_, j) => (win.kind === "exact" ? E[j]! : fy));
    const out0 = this.newSignals(exps, lo, hi);
    this.layers.push({
      kind: "act",
      name,
      op,
      rows,
      S,
      L,
      A,
      N,
      mode: high ? "sat" : low ? "lower" : "none",
      out0,
    });
    return identityLazy(
      shape,
      Array.from({ length: rows.length }, (_, j) => out0 + j),
    );
  }

  /** Materialises a lazy tensor through the fused rescale + activation. */
  private materialize(l: Lazy, name: string, op: string, win: Window): Lazy {
    const { rows, E } = this.quantRows(l);
    return this.actRows(rows, E, l.shape, name, op, win);
  }

  /** Signed rescale at the tensor's calibrated scale, unless already plain signals. */
  private signals(l: Lazy, name: string, bits = this.o.activationBits): Lazy {
    if (isIdentity(l)) return l;
    const r = this.range(name);
    const fy = scaleExp(Math.max(Math.abs(r.min), Math.abs(r.max)), 2 ** (bits - 1) - 1);
    return this.materialize(l, name, "Rescale", { kind: "signed", A: bits, fy });
  }

  /** relu(sign * x - k_j) exactly (no rescale) for plain signals x, k in each element's integer units. */
  private exactRelu(x: Lazy, k: bigint[], name: string, sign = 1n): (number | "zero" | "linear")[] {
    const need: number[] = [];
    const kind: (number | "zero" | "linear")[] = [];
    for (let j = 0; j < x.bias.length; j++) {
      const s = x.sig[x.start[j]!]!;
      const [lo, hi] = sign > 0n ? [this.sigLo[s]!, this.sigHi[s]!] : [-this.sigHi[s]!, -this.sigLo[s]!];
      if (k[j]! >= hi) kind.push("zero");
      else if (k[j]! <= lo) kind.push("linear");
      else {
        kind.push(need.length);
        need.push(j);
      }
    }
    if (need.length === 0) return kind;
    const rows = need.map((j) => ({ sig: Int32Array.of(x.sig[x.start[j]!]!), w: [sign], bias: -k[j]! }));
    const E = need.map((j) => this.sigExp[x.sig[x.start[j]!]!]!);
    const out = this.actRows(rows, E, [need.length], name, "Relu", { kind: "exact" });
    return kind.map((v) => (typeof v === "number" ? out.sig[v]! : v));
  }

  private relu(l: Lazy, name: string): Lazy {
    const r = this.range(name);
    const A = this.o.activationBits;
    return this.materialize(l, name, "Relu", {
      kind: "relu",
      A,
      fy: scaleExp(Math.max(r.max, 0), 2 ** A - 1),
    });
  }

  /** y = slope * x + (1 - slope) * relu(x): LeakyRelu and PRelu. */
  private leaky(n: OnnxNode, x: Lazy, slope: (j: number) => number): Lazy {
    const xs = this.signals(x, n.inputs[0]!);
    const r = this.exactRelu(xs, new Array(xs.bias.length).fill(0n), `${n.outputs[0]}:relu`);
    const b = new LazyBuilder();
    for (let j = 0; j < xs.bias.length; j++) {
      const s = xs.sig[xs.start[j]!]!;
      const a = slope(j);
      const rj = r[j]!;
      if (rj === "linear") b.term(s, 1);
      else {
        b.term(s, a);
        if (rj !== "zero") b.term(rj, 1 - a);
      }
      b.end();
    }
    return b.build(xs.shape);
  }

  private pwl(n: OnnxNode, x: Lazy): Lazy {
    const { f, knots } = pwlFunction(n.op as "Sigmoid" | "Tanh");
    const xs = this.signals(x, n.inputs[0]!, Math.max(this.o.activationBits, 8));
    const count = xs.bias.length;
    const exp = (j: number) => this.sigExp[xs.sig[xs.start[j]!]!]!;
    // knots in each element's integer units (deduplicated when the scale is coarse)
    const kInt = Array.from({ length: count }, (_, j) => [
      ...new Set(knots.map((t) => Math.round(t * 2 ** exp(j)))),
    ]);
    const maxK = Math.max(...kInt.map((k) => k.length));
    const reluOf: (number | "zero" | "linear")[][] = [];
    for (let i = 0; i < maxK; i++) {
      reluOf.push(
        this.exactRelu(
          xs,
          kInt.map((k) => BigInt(k[i] ?? Number.MAX_SAFE_INTEGER)),
          `${n.outputs[0]}:knot${i}`,
        ),
      );
    }
    const b = new LazyBuilder();
    for (let j = 0; j < count; j++) {
      const s = xs.sig[xs.start[j]!]!;
      const tau = kInt[j]!.map((k) => k * 2 ** -exp(j));
      const d = pwlDeltas(f, tau);
      let bias = f(tau[0]!);
      tau.forEach((t, i) => {
        const r = reluOf[i]![j]!;
        if (r === "linear") {
          b.term(s, d[i]!);
          bias -= d[i]! * t;
        } else if (r !== "zero") b.term(r, d[i]!);
      });
      b.end(bias);
    }
    return b.build(xs.shape);
  }

  /** clamp(y, lo, hi) = y - relu(y - hi) + relu(lo - y), each ReLU exact and only where it can act. */
  private clip(n: OnnxNode, x: Lazy): Lazy {
    const { min, max } = clipBounds(
      n,
      nodeInputs(this.g, n, (t) => this.env.get(t)?.shape),
    );
    const name = n.outputs[0]!;
    const r = this.range(name);
    const A = this.o.activationBits;
    const relu = min >= 0;
    const fy = relu
      ? scaleExp(Math.max(r.max, 0), 2 ** A - 1)
      : scaleExp(Math.max(Math.abs(r.min), Math.abs(r.max)), 2 ** (A - 1) - 1);
    const y = this.materialize(x, name, "Clip", { kind: relu ? "relu" : "signed", A, fy });
    const count = y.bias.length;
    const lo = Math.ceil(min * 2 ** fy);
    const hi = Math.floor(max * 2 ** fy);
    const none = new Array<number | "zero" | "linear">(count).fill("zero");
    const upper = Number.isFinite(hi)
      ? this.exactRelu(y, new Array(count).fill(BigInt(hi)), `${name}:max`)
      : none;
    const lower = Number.isFinite(lo)
      ? this.exactRelu(y, new Array(count).fill(BigInt(-lo)), `${name}:min`, -1n)
      : none;
    const b = new LazyBuilder();
    for (let j = 0; j < count; j++) {
      const s = y.sig[j]!;
      let bias = 0;
      b.term(s, 1);
      const u = upper[j]!;
      if (u === "linear") {
        b.term(s, -1);
        bias += hi * 2 ** -fy;
      } else if (u !== "zero") b.term(u, -1);
      const l = lower[j]!;
      if (l === "linear") {
        b.term(s, -1);
        bias += lo * 2 ** -fy;
      } else if (l !== "zero") b.term(l, 1);
      b.end(bias);
    }
    return b.build(y.shape);
  }

  /** Max pooling on integer rows (raw accumulators when the input is lazy): k-1 pairwise maxima. */
  private maxPool(n: OnnxNode, x: Lazy): Lazy {
    const { shape, windows } = maxWindows(n, x.shape);
    const { rows, E } = this.quantRows(x);
    let cur: IntRow[] = windows.map((w) => rows[w[0]!]!);
    const curExp = windows.map((w) => E[w[0]!]!);
    const kmax = Math.max(...windows.map((w) => w.length));
    const outSig = new Int32Array(windows.length).fill(-1);
    for (let k = 1; k < Math.max(kmax, 2); k++) {
      const idx = windows
        .map((w, j) => (w.length > k || (k === 1 && w.length === 1) ? j : -1))
        .filter((j) => j >= 0);
      const a = idx.map((j) => (windows[j]!.length > k ? rows[windows[j]![k]!]! : cur[j]!));
      const b = idx.map((j) => cur[j]!);
      let N = 2;
      const lo: bigint[] = [];
      const hi: bigint[] = [];
      idx.forEach((_, i) => {
        const [al, ah] = rowRange(a[i]!, this.sigLo, this.sigHi);
        const [bl, bh] = rowRange(b[i]!, this.sigLo, this.sigHi);
        N = Math.max(N, bitsFor(al - bh, ah - bl));
        // biome-ignore lint/complexity/useMathMinMax: bigints, which Math.max does not take
        lo.push(al > bl ? al : bl);
        // biome-ignore lint/complexity/useMathMinMax: bigints, which Math.max does not take
        hi.push(ah > bh ? ah : bh);
      });
      if (N > MAX_BITS) throw new FixedPointRangeError(`max pool '${n.name}' needs a ${N}-bit comparison`);
      const out0 = this.newSignals(
        idx.map((j) => curExp[j]!),
        lo,
        hi,
      );
      this.layers.push({ kind: "max", name: `${n.outputs[0]}:max${k}`, op: "MaxPool", a, b, N, out0 });
      idx.forEach((j, i) => {
        cur[j] = { sig: Int32Array.of(out0 + i), w: [1n], bias: 0n };
        outSig[j] = out0 + i;
      });
    }
    cur = [];
    return identityLazy(shape, outSig);
  }

  private node(n: OnnxNode): Lazy {
    const ins = nodeInputs(this.g, n, (t) => this.env.get(t)?.shape);
    const x = () => this.env.get(n.inputs[0]!)!;
    if (LINEAR_OPS.has(n.op)) {
      const rows = linearRows(n, ins);
      let lazies = n.inputs.map((t) => this.env.get(t));
      if (n.op === "Conv" || n.op === "Gemm" || n.op === "MatMul") {
        // composing a wide lazy input into a layer with fan-in multiplies the expression size
        lazies = lazies.map((l, i) =>
          l && !isIdentity(l) && meanFanIn(l) > this.o.composeLimit ? this.signals(l, n.inputs[i]!) : l,
        );
      }
      return compose(rows, lazies);
    }
    switch (n.op) {
      case "Relu":
        return this.relu(x(), n.outputs[0]!);
      case "LeakyRelu": {
        const a = floatAttr(n, "alpha", 0.01);
        return this.leaky(n, x(), () => a);
      }
      case "PRelu":
        return this.leaky(n, x(), preluSlope(n, ins, x().shape));
      case "Clip":
        return this.clip(n, x());
      case "Sigmoid":
      case "Tanh":
        return this.pwl(n, x());
      case "MaxPool":
        return this.maxPool(n, x());
      default:
        throw new UnsupportedOpError(n.op, n.name, `unsupported op '${n.op}' at node '${n.name}'`);
    }
  }

  run(): Program {
    const g = this.g;
    checkOps(g);
    const input = g.inputs[0]!;
    const r = this.calib.get(input.name) ?? { min: -1, max: 1 }; // inputs have known bounds: no headroom
    const inSigned = r.min < 0;
    const bits = this.o.inputBits;
    const inExp = scaleExp(
      Math.max(Math.abs(r.min), Math.abs(r.max)),
      inSigned ? 2 ** (bits - 1) - 1 : 2 ** bits - 1,
    );
    const nIn = size(input.shape);
    const lo = inSigned ? -pow2(bits - 1) : 0n;
    const hi = inSigned ? pow2(bits - 1) - 1n : pow2(bits) - 1n;
    this.newSignals(new Array(nIn).fill(inExp), new Array(nIn).fill(lo), new Array(nIn).fill(hi));
    this.env.set(
      input.name,
      identityLazy(
        input.shape,
        Array.from({ length: nIn }, (_, i) => i),
      ),
    );
    for (const n of g.nodes) {
      const before = this.layers.length;
      this.env.set(n.outputs[0]!, this.node(n));
      for (let k = before; k < this.layers.length; k++) this.layers[k]!.node = n.name;
    }
    const before = this.layers.length;
    const outputs = g.outputs.map((name) => {
      const l = this.signals(this.env.get(name)!, name, this.o.outputBits);
      const sig = Int32Array.from({ length: l.bias.length }, (_, j) => l.sig[l.start[j]!]!);
      return { name, shape: l.shape, sig, exp: Array.from(sig, (s) => this.sigExp[s]!) };
    });
    for (let k = before; k < this.layers.length; k++) this.layers[k]!.node = "(output)";
    return {
      inputName: input.name,
      inputShape: input.shape,
      inBits: bits,
      inSigned,
      inExp,
      layers: this.layers,
      outputs,
      nSignals: this.sigExp.length,
      sigExp: this.sigExp,
      sigLo: this.sigLo,
      sigHi: this.sigHi,
      ...(this.o.weights === "hashed" ? { weights: privateWeights(this.wValues, this.o.weightBits) } : {}),
      visibility: { input: this.o.input, output: this.o.output },
    };
  }
}

/** Width of the private weights' range check: weightBits, or wider if exact/rescaled coefficients need it. */
function privateWeights(values: bigint[], weightBits: number): PrivateWeights {
  let bits = weightBits;
  for (const v of values) bits = Math.max(bits, bitsFor(v, v));
  if (values.length === 0)
    throw new FixedPointRangeError('weights: "hashed" but the model has no weights to commit');
  // unsigned (offset) weights packed below 2^252 < p: a packed element never wraps the field
  return { values, bits, perElement: Math.floor(252 / bits) };
}

/** ONNX graph + calibration ranges -> integer program (the single source of truth for circuit and executor). */
export function lowerGraph(g: Graph, calib: Map<string, Range>, opts: QuantOptions = {}): Program {
  return new Lowering(g, calib, opts).run();
}
