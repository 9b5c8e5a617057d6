import { Groth16Verifier, MalformedProofError, nativeAddon, Prover } from "@zkpop/prover";
import { beforeAll, describe, expect, it } from "vitest";
import { multiplier } from "./helpers.js";
import { initCorpus, twistPointOutsideSubgroup } from "./proof-corpus.js";

const engines = nativeAddon() ? (["native", "mcl"] as const) : (["mcl"] as const);

let art: Awaited<ReturnType<typeof multiplier>>;
beforeAll(async () => {
  art = await multiplier();
  await initCorpus(art.vkey); // mcl on BN_SNARK1, as @zkpop/prover configures it
});

describe.each(engines)("G2 subgroup check (%s engine)", (engine) => {
  it("rejects a proof whose B is on the curve but outside the prime-order subgroup", async () => {
    const verifier = await Groth16Verifier.create(art.vkey, { engine });
    const prover = new Prover(art);
    const item = await prover.prove({ a: 5, b: 6 });
    await prover.close();
    expect(verifier.verify(item)).toBe(true);
    for (const seed of [1, 7, 40]) {
      const bad = { ...item, proof: { ...item.proof, pi_b: twistPointOutsideSubgroup(seed) } };
      expect(() => verifier.verify(bad)).toThrow(MalformedProofError);
      expect(verifier.verifyBatch([item, bad])).toEqual({ allValid: false, invalid: [1] });
    }
  });

  it("refuses a verification key whose G2 points are outside the subgroup", async () => {
    const key = { ...structuredClone(art.vkey), vk_delta_2: twistPointOutsideSubgroup(3) };
    await expect(Groth16Verifier.create(key, { engine })).rejects.toThrow(MalformedProofError);
  });
});
