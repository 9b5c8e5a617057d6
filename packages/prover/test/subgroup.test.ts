import { Groth16Verifier, MalformedProofError, type VerificationKey } from "@zkpop/prover";
import mcl from "mcl-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { multiplier } from "./helpers.js";

let verifier: Groth16Verifier;
let vkey: VerificationKey;
beforeAll(async () => {
  vkey = (await multiplier()).vkey;
  verifier = await Groth16Verifier.create(vkey); // also initialises mcl on BN_SNARK1
});

/** A point on the G2 twist curve y² = x³ + 3/(9+u) that is NOT in the prime-order subgroup. */
function twistPointOutsideSubgroup(): [[string, string], [string, string], [string, string]] {
  const b = mcl.div(
    (() => {
      const t = new mcl.Fp2();
      t.setInt(3, 0);
      return t;
    })(),
    (() => {
      const t = new mcl.Fp2();
      t.setInt(9, 1);
      return t;
    })(),
  );
  for (let k = 1; ; k++) {
    const x = new mcl.Fp2();
    x.setInt(k, 1);
    const [ok, y] = mcl.squareRoot(mcl.add(mcl.mul(mcl.mul(x, x), x), b));
    if (!ok) continue;
    const [xa, xb] = x.getStr(10).split(" ");
    const [ya, yb] = y.getStr(10).split(" ");
    mcl.verifyOrderG2(false);
    try {
      const p = new mcl.G2();
      p.setStr(`1 ${xa} ${xb} ${ya} ${yb}`, 10);
      if (p.isValid() && !p.isValidOrder())
        return [
          [xa!, xb!],
          [ya!, yb!],
          ["1", "0"],
        ];
    } finally {
      mcl.verifyOrderG2(true);
    }
  }
}

describe("G2 subgroup check", () => {
  it("rejects a proof whose B is on the curve but outside the prime-order subgroup", async () => {
    const { Prover } = await import("@zkpop/prover");
    const prover = new Prover(await multiplier());
    const item = await prover.prove({ a: 5, b: 6 });
    await prover.close();
    expect(verifier.verify(item)).toBe(true);
    const bad = { ...item, proof: { ...item.proof, pi_b: twistPointOutsideSubgroup() } };
    expect(() => verifier.verify(bad)).toThrow(MalformedProofError);
    expect(verifier.verifyBatch([item, bad])).toEqual({ allValid: false, invalid: [1] });
  });
});
