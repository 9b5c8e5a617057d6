import {
  Groth16Verifier,
  nativeAddon,
  type ProofItem,
  Prover,
  releaseSnarkjsCurves,
  snarkjsVerify,
} from "@zkpop/prover";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { multiplier } from "./helpers.js";
import {
  type Case,
  initCorpus,
  rerandomize,
  type TrapdoorKey,
  tamperings,
  trapdoorKey,
  twistPointOutsideSubgroup,
  verdictOf,
} from "./proof-corpus.js";

// Native vs mcl vs snarkjs on the same thousands of statements: every verifier must accept
// exactly the valid ones, and the two zkpop engines must also agree on WHY they refuse.
const randomSignal = () => BigInt(Math.floor(Math.random() * 2 ** 48)) + 2n;

describe.skipIf(!nativeAddon())("differential verification: native, mcl, snarkjs", () => {
  interface Suite {
    key: TrapdoorKey | undefined;
    vkey: Awaited<ReturnType<typeof multiplier>>["vkey"];
    native: Groth16Verifier;
    mcl: Groth16Verifier;
    cases: Case[];
  }
  const suites: Suite[] = [];
  let another: { native: Groth16Verifier; mcl: Groth16Verifier };

  beforeAll(async () => {
    const art = await multiplier();
    await initCorpus(art.vkey);
    const outside = twistPointOutsideSubgroup();
    const engines = async (vkey: Suite["vkey"]) => ({
      native: await Groth16Verifier.create(vkey, { engine: "native" }),
      mcl: await Groth16Verifier.create(vkey, { engine: "mcl" }),
    });

    // Real proofs of the range multiplier, re-randomised into many distinct valid proofs.
    const prover = new Prover(art);
    const real: ProofItem[] = [];
    for (let i = 0; i < 4; i++) real.push(await prover.prove({ a: 10 + i, b: 20 + 3 * i }));
    await prover.close();
    const realCases: Case[] = [];
    for (let i = 0; i < 30; i++) {
      const item = rerandomize(real[i % 4]!);
      realCases.push({ kind: "valid (re-randomised real proof)", item, verdict: "valid" });
      realCases.push(...tamperings(item, real[(i + 1) % 4]!, outside));
    }
    suites.push({ key: undefined, vkey: art.vkey, ...(await engines(art.vkey)), cases: realCases });

    // Simulated proofs under keys whose trapdoor the test knows: any public signals, 1 to 5 of them.
    for (const nPublic of [2, 5]) {
      const key = trapdoorKey(nPublic);
      const cases: Case[] = [];
      for (let i = 0; i < 36; i++) {
        const signals = Array.from({ length: nPublic }, randomSignal);
        const item = key.prove(signals);
        const other = key.prove(signals.map((s) => s + 1n));
        cases.push({ kind: "valid (simulated)", item, verdict: "valid" });
        cases.push(...tamperings(item, other, outside));
      }
      suites.push({ key, vkey: key.vkey, ...(await engines(key.vkey)), cases });
    }
    another = await engines(trapdoorKey(2).vkey);
  }, 600_000);
  afterAll(releaseSnarkjsCurves);

  it("native and mcl give the same verdict on every valid and tampered statement", () => {
    let n = 0;
    for (const s of suites) {
      for (const c of s.cases) {
        const expected = { kind: c.kind, verdict: c.verdict };
        expect({ kind: c.kind, verdict: verdictOf(() => s.native.verify(c.item)) }).toEqual(expected);
        expect({ kind: c.kind, verdict: verdictOf(() => s.mcl.verify(c.item)) }).toEqual(expected);
        n++;
      }
    }
    expect(n).toBeGreaterThan(2000);
  });

  it("a valid proof fails under another key, on both engines", () => {
    const valid = suites[1]!.cases.filter((c) => c.verdict === "valid");
    for (const c of valid) {
      expect(another.native.verify(c.item)).toBe(false);
      expect(another.mcl.verify(c.item)).toBe(false);
    }
  });

  it("snarkjs agrees, except that it accepts coordinates aliased by + q (which zkpop refuses)", async () => {
    let n = 0;
    for (const s of suites) {
      for (const c of s.cases.slice(0, 260)) {
        let ok: boolean;
        try {
          ok = await snarkjsVerify(s.vkey, c.item);
        } catch {
          ok = false;
        }
        expect({ kind: c.kind, snarkjs: ok }).toEqual({
          kind: c.kind,
          snarkjs: c.snarkjs ?? c.verdict === "valid",
        });
        n++;
      }
    }
    expect(n).toBeGreaterThan(700);
  }, 600_000);

  it("batches of 1 to 64 name exactly the bad statements, on both engines", () => {
    for (const s of suites) {
      for (let round = 0; round < 8; round++) {
        const size = 1 + Math.floor(Math.random() * 64);
        const batch = Array.from(
          { length: size },
          () => s.cases[Math.floor(Math.random() * s.cases.length)]!,
        );
        // Mostly valid statements, so that bisection has work to do at every depth.
        const items = batch.map((c, i) =>
          i % 5 === 0 || c.verdict === "valid" ? c : s.cases.find((v) => v.verdict === "valid")!,
        );
        const invalid = items.flatMap((c, i) => (c.verdict === "valid" ? [] : [i]));
        const expected = { allValid: invalid.length === 0, invalid };
        expect(s.native.verifyBatch(items.map((c) => c.item))).toEqual(expected);
        expect(s.mcl.verifyBatch(items.map((c) => c.item))).toEqual(expected);
      }
    }
  });
});
