import path from "node:path";
import { unsatisfiedConstraints, WitnessError } from "@zkpop/prover";
import { quantizeModel } from "@zkpop/zkml";
import { poseidon3 } from "poseidon-lite";
import { describe, expect, it } from "vitest";
import { testCircuits } from "../../../test/fixtures.js";
import {
  bucketOf,
  defaultEnrollCircuitOptions,
  enrollSource,
  type LshParams,
  leastConfidentBit,
  lshHyperplanes,
  lshProbeCircom,
  lshProbeTags,
  lshProjections,
  probeConfidence,
  tagDomain,
} from "../src/index.js";
import { loadCircuit, loadGenerated } from "./load-circuit.js";

const load = loadCircuit;

describe("least-confident choice (JS)", () => {
  it("picks the smallest confidence, ties to the lowest index; -1 is as confident as 0", () => {
    expect(probeConfidence(5n)).toBe(5n);
    expect(probeConfidence(-5n)).toBe(4n);
    expect(leastConfidentBit([9n, -4n, 4n, 2n])).toBe(3);
    expect(leastConfidentBit([9n, -3n, 2n, 2n])).toBe(1);
    expect(leastConfidentBit([-1n, 0n, 7n])).toBe(0);
    expect(leastConfidentBit([7n, 0n, -1n])).toBe(1);
  });
});

describe("LeastConfident circuit (the selection given as an input)", () => {
  const src = path.join(testCircuits, "enroll", "least_confident_7.circom");
  const keys = [500n, 33n, 900n, 32n, 77n, 4000n, 321n];
  const oneHot = (i: number) => keys.map((_, j) => (j === i ? 1n : 0n));

  it("accepts the position of the smallest key", async () => {
    const { gen, r1cs } = await load(src);
    const w = await gen.witness({ key: keys, e: oneHot(3) });
    expect(unsatisfiedConstraints(r1cs, w)).toEqual([]);
  });

  it("rejects every other position, two selections, none, and a non-boolean selection", async () => {
    const { gen } = await load(src);
    for (let i = 0; i < keys.length; i++)
      if (i !== 3) await expect(gen.witness({ key: keys, e: oneHot(i) })).rejects.toThrow(WitnessError);
    const two = oneHot(3);
    two[1] = 1n;
    await expect(gen.witness({ key: keys, e: two })).rejects.toThrow(WitnessError);
    await expect(gen.witness({ key: keys, e: keys.map(() => 0n) })).rejects.toThrow(WitnessError);
    // 2·e_3 − e_1 sums to one but is not one-hot.
    const weird = keys.map(() => 0n);
    weird[3] = 2n;
    weird[1] = -1n;
    await expect(gen.witness({ key: keys, e: weird })).rejects.toThrow(WitnessError);
  });
});

describe("least-confident probe tags circuit", () => {
  const params: LshParams = { dim: 8, tables: 4, bits: 7, seed: "probe-test" };
  const planes = lshHyperplanes(params);
  const maxAbs = 1000n;
  const domain = tagDomain("probe-test-model");

  const probeCircuit = () =>
    loadGenerated(
      "lsh-probe-test",
      "lsh_probe.circom",
      lshProbeCircom(params, planes, maxAbs, domain),
      "LshTags",
    );

  it("tags are Poseidon(domain, i, bucket); probes flip exactly the least-confident bit; circuit equals the mirror bit for bit", async () => {
    const { gen, r1cs } = await probeCircuit();
    const embeddings: bigint[][] = [
      new Array(8).fill(0n),
      new Array(8).fill(maxAbs),
      new Array(8).fill(-maxAbs),
    ];
    for (let t = 0; t < 30; t++)
      embeddings.push(Array.from({ length: 8 }, () => BigInt(Math.floor(Math.random() * 2001) - 1000)));
    for (const emb of embeddings) {
      const mirror = lshProbeTags(emb, planes, params, domain);
      const proj = lshProjections(emb, planes, params);
      proj.forEach((row, i) => {
        const bucket = bucketOf(row.map((v) => (v >= 0n ? 1 : 0)));
        const flipped = bucket ^ (1n << BigInt(leastConfidentBit(row)));
        expect(mirror.tags[i]).toBe(poseidon3([domain, BigInt(i), bucket]));
        expect(mirror.probes[i]).toBe(poseidon3([domain, BigInt(i), flipped]));
      });
      const w = await gen.witness({ emb });
      // Outputs in declaration order: tags[4], then probes[4].
      expect(w.slice(1, 5)).toEqual(mirror.tags);
      expect(w.slice(5, 9)).toEqual(mirror.probes);
      expect(unsatisfiedConstraints(r1cs, w)).toEqual([]);
    }
  });

  it("a forged probe output or an embedding beyond the bound fails", async () => {
    const { gen, r1cs } = await probeCircuit();
    const emb = Array.from({ length: 8 }, (_, i) => BigInt(i * 100 - 350));
    const w = await gen.witness({ emb });
    for (let i = 1; i < 9; i++) {
      const f = [...w];
      f[i] = f[i]! + 1n;
      expect(unsatisfiedConstraints(r1cs, f).length).toBeGreaterThan(0);
    }
    const huge = [...emb];
    huge[0] = 1n << 40n;
    await expect(gen.witness({ emb: huge })).rejects.toThrow(WitnessError);
  });
});

describe("enrollment circuit source with the probe option", () => {
  it("adds probes[L] and the probe gadget, and binds the scheme in the tag domain", async () => {
    const o = defaultEnrollCircuitOptions();
    const q = await quantizeModel(o.model, { ...o.quant, calibration: o.calibration });
    const planes = lshHyperplanes(o.lsh);
    const plain = enrollSource(q.program, q.sha256, o.lsh, planes, 0);
    const probe = enrollSource(q.program, q.sha256, o.lsh, planes, 1);
    expect(plain.domain).toBe(tagDomain(`${q.sha256}:${o.lsh.seed}:${o.lsh.tables}x${o.lsh.bits}`));
    expect(probe.domain).not.toBe(plain.domain);
    expect(plain.source).not.toContain("lsh_probe.circom");
    expect(plain.source).not.toContain("probes");
    expect(probe.source).toContain('include "lsh_probe.circom";');
    expect(probe.source).toContain(`signal output probes[${o.lsh.tables}];`);
    expect(probe.source).toContain("probes <== lsh.probes;");
    expect(probe.source.match(/LshProbeTable\(/g)?.length).toBe(o.lsh.tables);
    expect(() => enrollSource(q.program, q.sha256, o.lsh, planes, 2 as 1)).toThrow(/probe must be 0 or 1/);
  });
});
