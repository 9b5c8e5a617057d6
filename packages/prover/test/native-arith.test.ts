import { randomBytes } from "node:crypto";
import { type G1Dec, type G2Dec, type NativeArith, nativeAddon } from "@zkpop/prover";
import { buildBn128 } from "ffjavascript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The native field, curve, MSM and NTT code against ffjavascript (what snarkjs runs on).
const addon = nativeAddon();
const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const rand = (p: bigint) => BigInt(`0x${randomBytes(40).toString("hex")}`) % p;
const mod = (x: bigint, p: bigint) => ((x % p) + p) % p;

describe.skipIf(!addon)("native BN254 arithmetic", () => {
  // Taken in beforeAll: vitest still runs this body (to collect) when the addon is missing.
  let n: NativeArith;
  // biome-ignore lint/suspicious/noExplicitAny: ffjavascript is untyped
  let curve: any;
  beforeAll(async () => {
    n = addon!.arith;
    curve = await buildBn128(true);
  });
  afterAll(async () => curve?.terminate());

  const g1 = (p: unknown): G1Dec => {
    const o = curve.G1.toObject(curve.G1.toAffine(p));
    return curve.G1.isZero(p) ? ["0", "0"] : [String(o[0]), String(o[1])];
  };
  const g2 = (p: unknown): G2Dec => {
    const o = curve.G2.toObject(curve.G2.toAffine(p));
    if (curve.G2.isZero(p))
      return [
        ["0", "0"],
        ["0", "0"],
      ];
    return [
      [String(o[0][0]), String(o[0][1])],
      [String(o[1][0]), String(o[1][1])],
    ];
  };

  it("Fq and Fr agree with bigint arithmetic, edge values included", () => {
    const edge = (p: bigint) => [0n, 1n, 2n, p - 1n, p - 2n, (p - 1n) / 2n, 1n << 200n];
    for (const [name, p] of [
      ["fq", Q],
      ["fr", R],
    ] as const) {
      const values = [...edge(p), ...Array.from({ length: 60 }, () => rand(p))];
      for (const a of values) {
        for (const b of [rand(p), p - 1n, 1n, 0n]) {
          expect(BigInt(n[name]("mul", `${a}`, `${b}`))).toBe((a * b) % p);
          expect(BigInt(n[name]("add", `${a}`, `${b}`))).toBe((a + b) % p);
          expect(BigInt(n[name]("sub", `${a}`, `${b}`))).toBe(mod(a - b, p));
        }
        expect(BigInt(n[name]("neg", `${a}`))).toBe(mod(-a, p));
        if (a !== 0n) expect((BigInt(n[name]("inv", `${a}`)) * a) % p).toBe(1n);
      }
      expect(() => n[name]("add", `${p}`, "1")).toThrow(/canonical/);
    }
  });

  it("Fq2 agrees with ffjavascript's F2", () => {
    const F2 = curve.F2;
    for (let i = 0; i < 40; i++) {
      const a: [string, string] = [`${rand(Q)}`, `${rand(Q)}`];
      const b: [string, string] = [`${rand(Q)}`, `${rand(Q)}`];
      const fa = F2.fromObject(a.map(BigInt));
      const fb = F2.fromObject(b.map(BigInt));
      const str = (x: unknown) => {
        const o = F2.toObject(x);
        return [String(o[0]), String(o[1])];
      };
      expect(n.fq2("mul", a, b)).toEqual(str(F2.mul(fa, fb)));
      expect(n.fq2("sqr", a)).toEqual(str(F2.square(fa)));
      expect(n.fq2("sub", a, b)).toEqual(str(F2.sub(fa, fb)));
      expect(n.fq2("inv", a)).toEqual(str(F2.inv(fa)));
    }
  });

  it("G1 and G2 add, double and multiply like ffjavascript, infinity included", () => {
    for (const [G, enc, op] of [
      [curve.G1, g1, n.g1.bind(n)],
      [curve.G2, g2, n.g2.bind(n)],
    ] as const) {
      for (let i = 0; i < 8; i++) {
        const k = rand(R);
        const P = G.timesScalar(G.g, rand(R));
        const Qp = G.timesScalar(G.g, rand(R));
        // biome-ignore lint/suspicious/noExplicitAny: one loop over both groups
        const f = op as any;
        expect(f("onCurve", enc(P))).toBe(true);
        expect(f("add", enc(P), enc(Qp))).toEqual(enc(G.add(P, Qp)));
        expect(f("addMixed", enc(P), enc(Qp))).toEqual(enc(G.add(P, Qp)));
        expect(f("add", enc(P), enc(P))).toEqual(enc(G.double(P)));
        expect(f("addMixed", enc(P), enc(P))).toEqual(enc(G.double(P)));
        expect(f("dbl", enc(P))).toEqual(enc(G.double(P)));
        expect(f("add", enc(P), enc(G.neg(P)))).toEqual(enc(G.zero));
        expect(f("mul", enc(P), `${k}`)).toEqual(enc(G.timesScalar(P, k)));
        expect(f("mul", enc(P), `${R}`)).toEqual(enc(G.zero)); // prime-order group
      }
    }
    const off: G1Dec = ["1", "1"];
    expect(n.g1("onCurve", off)).toBe(false);
  });

  it("MSM matches the sum of scalar multiplications on mixed scalars (0, 1, -1, small, negative, random)", () => {
    for (const [G, enc, msm] of [
      [curve.G1, g1, n.g1Msm.bind(n)],
      [curve.G2, g2, n.g2Msm.bind(n)],
    ] as const) {
      for (const size of [1, 7, 300]) {
        const pts: unknown[] = [];
        const sc: bigint[] = [];
        let acc = G.zero;
        for (let i = 0; i < size; i++) {
          const kind = i % 7;
          const s = [0n, 1n, R - 1n, BigInt(i * 1000), R - BigInt(i), rand(R), (R - 1n) / 2n + 1n][kind]!;
          const P = i % 11 === 3 ? G.zero : G.timesScalar(G.g, rand(R));
          pts.push(P);
          sc.push(s);
          acc = G.add(acc, G.timesScalar(P, s));
        }
        expect(
          // biome-ignore lint/suspicious/noExplicitAny: one loop over both groups
          (msm as any)(
            pts.map((p) => enc(p)),
            sc.map(String),
          ),
        ).toEqual(enc(acc));
      }
    }
  });

  it("MSM on shifted copies (a proving key's tables) equals the plain MSM, chunk edges included", () => {
    // Scalars at the edges of every chunk width (32, 64, 127 bits) and of the sign fold at r/2.
    const edges = [0n, 1n, 2n, R - 1n, R - 2n, (R - 1n) / 2n, (R - 1n) / 2n + 1n];
    for (const bits of [32n, 64n, 127n, 128n, 192n, 253n])
      edges.push((1n << bits) - 1n, 1n << bits, R - (1n << bits));
    for (const [G, enc, msm] of [
      [curve.G1, g1, n.g1Msm.bind(n)],
      [curve.G2, g2, n.g2Msm.bind(n)],
    ] as const) {
      const pts: unknown[] = [];
      const sc: bigint[] = [];
      let acc = G.zero;
      for (let i = 0; i < 160; i++) {
        const s = i < edges.length ? edges[i]! : i % 9 === 0 ? BigInt(i) : rand(R);
        const P = i % 13 === 5 ? G.zero : G.timesScalar(G.g, rand(R));
        // The same point twice: chunk sums then double a point or cancel it in a bucket.
        if (i % 17 === 16) pts.push(pts[i - 1]);
        else pts.push(P);
        sc.push(s);
        acc = G.add(acc, G.timesScalar(pts[i], s));
      }
      const ptsDec = pts.map((p) => enc(p));
      const scDec = sc.map(String);
      for (const copies of [1, 2, 4, 8]) {
        // biome-ignore lint/suspicious/noExplicitAny: one loop over both groups
        expect((msm as any)(ptsDec, scDec, copies)).toEqual(enc(acc));
      }
    }
    expect(() => n.g1Msm([["1", "2"]], ["1"], 3)).toThrow(/copies/);
  });

  it("NTT matches ffjavascript's fft (same roots of unity) and inverts", async () => {
    for (const size of [1, 2, 16, 1024, 8192]) {
      const vals = Array.from({ length: size }, () => rand(R));
      const buf = new Uint8Array(size * 32);
      for (const [i, v] of vals.entries()) curve.Fr.toRprLE(buf, i * 32, curve.Fr.e(v));
      const f = await curve.Fr.fft(buf);
      const expected = vals.map((_, i) => curve.Fr.toString(curve.Fr.fromRprLE(f, i * 32)));
      const got = n.ntt(vals.map(String));
      expect(got).toEqual(expected);
      expect(n.ntt(got, true)).toEqual(vals.map(String));
    }
  });
});
