import { describe, expect, it } from "vitest";
import {
  fitItq,
  learnedAgreement,
  learnedBitSchemes,
  learnedBitsOf,
  probeGadgetCost,
  probeRule,
  probeTableRate,
  subsetRule,
  tagSchemes,
} from "../src/eval/index.js";
import { mulberry32 } from "../src/student/prng.js";

function normals(seed: number) {
  const r = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next());
}

/** Simulates one table: k Gaussian planes, the newcomer's t smallest |v| free, the rest must agree. */
function simulate(a: number, k: number, t: number, trials: number, seed: number): number {
  const g = normals(seed);
  const rho = Math.cos(Math.PI * (1 - a));
  const sr = Math.sqrt(1 - rho * rho);
  let hit = 0;
  for (let n = 0; n < trials; n++) {
    const v = Array.from({ length: k }, () => g());
    const u = v.map((x) => rho * x + sr * g());
    const free = new Set(
      v
        .map((x, j) => [Math.abs(x), j] as const)
        .sort((p, q) => p[0] - q[0])
        .slice(0, t)
        .map((p) => p[1]),
    );
    if (v.every((x, j) => free.has(j) || x >= 0 === u[j]! >= 0)) hit++;
  }
  return hit / trials;
}

describe("least-confident multi-probe model", () => {
  it("is the exact-tag rate at t = 0 and a sure match when every bit is free", () => {
    for (const a of [0.3, 0.52, 0.9]) {
      expect(probeTableRate(a, 7, 0)).toBeCloseTo(a ** 7, 14);
      expect(probeTableRate(a, 7, 7)).toBe(1);
    }
    // The integral at t = 1 with a = 1: the table always matches.
    expect(probeTableRate(1, 7, 1)).toBeCloseTo(1, 4);
  });

  it("agrees with a simulation of the projections (within 4 standard errors)", () => {
    for (const [a, k, t] of [
      [0.52, 7, 1],
      [0.75, 8, 2],
      [0.85, 6, 1],
    ] as const) {
      const p = probeTableRate(a, k, t);
      const trials = 60_000;
      const mc = simulate(a, k, t, trials, 11 + k);
      expect(Math.abs(mc - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / trials));
      expect(p).toBeGreaterThan(a ** k);
    }
  });

  it("grows with t, and one free bit stays below publishing all 1-bit neighbours", () => {
    for (const a of [0.5, 0.7, 0.9]) {
      const [p0, p1, p2] = [0, 1, 2].map((t) => probeTableRate(a, 8, t));
      expect(p1!).toBeGreaterThan(p0!);
      expect(p2!).toBeGreaterThan(p1!);
      expect(p1!).toBeLessThanOrEqual(a ** 8 + 8 * a ** 7 * (1 - a) + 1e-9);
    }
  });

  it("interpolates its tabulated rule close to the integral, and costs what the gadget does", () => {
    const rule = probeRule(7, 1);
    for (const a of [0.41, 0.5237, 0.777]) expect(rule(a) / probeTableRate(a, 7, 1)).toBeCloseTo(1, 3);
    const spec = tagSchemes({ tables: 64, bits: 7 }).find((s) => s.key === "probe-lc1")!;
    expect(spec.cost(128, 7, 30)).toBe(128 * 7 * 30 + 128 * 264 + 128 * (7 * 37 + 264));
    expect(probeGadgetCost(8, 2, 30)).toBe(8 * 37 + 24 + 3 * 264);
  });
});

describe("learned sign bits", () => {
  const g = normals(3);
  const people = (n: number, shots: number, dim: number) =>
    Array.from({ length: n }, (_, p) => {
      const c = Float64Array.from({ length: dim }, () => 3 * g());
      return Array.from({ length: shots }, () => ({
        label: `p${p}`,
        x: Float64Array.from(c, (v) => v + g()),
      }));
    }).flat();

  it("ITQ without whitening gives orthonormal rows and balanced bits on its training data", () => {
    const train = people(40, 4, 8);
    const m = fitItq(
      train.map((t) => t.x),
      { whiten: false, shrink: 0 },
    );
    for (let i = 0; i < 8; i++)
      for (let j = 0; j < 8; j++) {
        const dot = m.rows[i]!.reduce((s, v, c) => s + v * m.rows[j]![c]!, 0);
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 6);
      }
    const bits = train.map((t) => learnedBitsOf(m, t.x));
    for (let j = 0; j < 8; j++) {
      const ones = bits.reduce((s, b) => s + b[j]!, 0) / bits.length;
      expect(ones).toBeGreaterThan(0.3);
      expect(ones).toBeLessThan(0.7);
    }
  });

  it("a table of k of n bits agrees with probability C(h, k)/C(n, k)", () => {
    const rule = subsetRule(64, 3);
    expect(rule(48 / 64)).toBeCloseTo((48 * 47 * 46) / (64 * 63 * 62), 14);
    expect(rule(2 / 64)).toBe(0);
    expect(() => subsetRule(8, 9)).toThrow(/at least 9/);
  });

  it("compares held-out people: genuine pairs agree on more bits than impostors", () => {
    const train = people(30, 4, 16);
    const test = people(6, 5, 16);
    const labels = test.map((t) => t.label);
    const agree = learnedAgreement(
      test.map((t) => learnedBitsOf(fitItq(train.map((x) => x.x)), t.x)),
      labels,
    );
    expect(agree.genuine.length).toBe(6 * 10);
    const rows = learnedBitSchemes(
      train.map((t) => t.x),
      test.map((t) => t.x),
      labels,
      [1e4],
      0.01,
      30,
    );
    expect(rows.map((r) => r.scheme.split(":")[0])).toEqual(["learned bits", "learned bits", "control"]);
    for (const r of rows) expect(r.bitAgreement.genuine).toBeGreaterThan(r.bitAgreement.impostor + 0.1);
  });
});
