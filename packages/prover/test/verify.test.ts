import {
  BASE_FIELD,
  Groth16Verifier,
  MalformedProofError,
  NonCanonicalFieldError,
  nativeAddon,
  type ProofItem,
  Prover,
  releaseSnarkjsCurves,
  SNARK_FIELD,
  snarkjsVerify,
} from "@zkpop/prover";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clone, multiplier, withSwappedA } from "./helpers.js";

// Every test runs on both engines: mcl-wasm (the fallback) and the native addon when built.
const engines = nativeAddon() ? (["native", "mcl"] as const) : (["mcl"] as const);

let prover: Prover;
let vkey: Awaited<ReturnType<typeof multiplier>>["vkey"];
const proofs: ProofItem[] = [];

beforeAll(async () => {
  const art = await multiplier();
  vkey = art.vkey;
  prover = new Prover(art);
  for (let i = 0; i < 6; i++) {
    const { proof, publicSignals } = await prover.prove({ a: 3 + i, b: 200 - i });
    proofs.push({ proof, publicSignals });
  }
});
afterAll(async () => {
  await prover.close();
  await releaseSnarkjsCurves();
});

describe.each(engines)("%s engine", (engine) => {
  let verifier: Groth16Verifier;
  beforeAll(async () => {
    verifier = await Groth16Verifier.create(vkey, { engine });
    expect(verifier.engine).toBe(engine);
  });

  describe("single verification", () => {
    it("accepts valid proofs, agreeing with snarkjs", async () => {
      for (const [i, p] of proofs.entries()) {
        expect(p.publicSignals).toEqual([String((3 + i) * (200 - i)), String(3 + i)]);
        expect(verifier.verify(p)).toBe(true);
        expect(await snarkjsVerify(vkey, p)).toBe(true);
      }
    });

    it("rejects a tampered proof (another proof's A)", async () => {
      const bad = {
        proof: withSwappedA(proofs[0]!.proof, proofs[1]!.proof),
        publicSignals: proofs[0]!.publicSignals,
      };
      expect(verifier.verify(bad)).toBe(false);
      expect(await snarkjsVerify(vkey, bad)).toBe(false);
    });

    it("rejects an altered public signal", async () => {
      const bad = { proof: proofs[0]!.proof, publicSignals: [proofs[0]!.publicSignals[0]!, "4"] };
      expect(verifier.verify(bad)).toBe(false);
      expect(await snarkjsVerify(vkey, bad)).toBe(false);
    });

    it("rejects a public signal that is not canonical (x + p aliases x)", () => {
      const s = proofs[0]!.publicSignals;
      const bad = {
        proof: proofs[0]!.proof,
        publicSignals: [s[0]!, (BigInt(s[1]!) + SNARK_FIELD).toString()],
      };
      expect(() => verifier.verify(bad)).toThrow(NonCanonicalFieldError);
      for (const v of ["-3", "03", "3.0", "0x3", "", " 3"]) {
        expect(() => verifier.verify({ proof: proofs[0]!.proof, publicSignals: [s[0]!, v] })).toThrow(
          NonCanonicalFieldError,
        );
      }
    });

    it("rejects coordinates outside the base field and points off the curve", () => {
      const p = clone(proofs[0]!.proof);
      p.pi_a[0] = (BigInt(p.pi_a[0]) + BASE_FIELD).toString();
      expect(() => verifier.verify({ proof: p, publicSignals: proofs[0]!.publicSignals })).toThrow(
        NonCanonicalFieldError,
      );
      const q = clone(proofs[0]!.proof);
      q.pi_c[1] = (BigInt(q.pi_c[1]) + 1n).toString();
      expect(() => verifier.verify({ proof: q, publicSignals: proofs[0]!.publicSignals })).toThrow(
        MalformedProofError,
      );
      const r = clone(proofs[0]!.proof);
      r.pi_b[0][0] = "1";
      expect(() => verifier.verify({ proof: r, publicSignals: proofs[0]!.publicSignals })).toThrow(
        MalformedProofError,
      );
    });

    it("rejects the wrong number of public signals and malformed shapes", () => {
      expect(() => verifier.verify({ proof: proofs[0]!.proof, publicSignals: ["1"] })).toThrow(
        MalformedProofError,
      );
      expect(() => verifier.verify({ proof: {} as never, publicSignals: proofs[0]!.publicSignals })).toThrow(
        MalformedProofError,
      );
    });
  });

  describe("batch verification", () => {
    it("agrees with single verification on valid proofs", () => {
      expect(verifier.verifyBatch(proofs)).toEqual({ allValid: true, invalid: [] });
      expect(verifier.verifyBatch([])).toEqual({ allValid: true, invalid: [] });
    });

    it("rejects every batch that contains one bad proof, and names it", () => {
      for (let bad = 0; bad < proofs.length; bad++) {
        const batch = proofs.map((p, i) =>
          i === bad ? { proof: p.proof, publicSignals: [p.publicSignals[0]!, "250"] } : p,
        );
        expect(verifier.verifyBatch(batch)).toEqual({ allValid: false, invalid: [bad] });
      }
    });

    it("finds several bad proofs, including malformed ones", () => {
      const batch = proofs.map(clone);
      batch[1] = {
        proof: withSwappedA(batch[1]!.proof, batch[2]!.proof),
        publicSignals: batch[1]!.publicSignals,
      };
      batch[4] = { proof: batch[4]!.proof, publicSignals: ["x", "y"] };
      batch[5] = {
        proof: batch[5]!.proof,
        publicSignals: [batch[4]!.publicSignals[0]!, batch[5]!.publicSignals[1]!],
      };
      expect(verifier.verifyBatch(batch)).toEqual({ allValid: false, invalid: [1, 4, 5] });
    });

    it("rejects a batch in which two bad proofs cancel pairwise (swapped public signals)", () => {
      const [p, q] = [proofs[0]!, proofs[1]!];
      const batch = [
        { proof: p.proof, publicSignals: q.publicSignals },
        { proof: q.proof, publicSignals: p.publicSignals },
      ];
      expect(verifier.verifyBatch(batch)).toEqual({ allValid: false, invalid: [0, 1] });
    });
  });

  describe("verification keys", () => {
    it("a proof does not verify under another circuit's key", async () => {
      const other = await Groth16Verifier.create(
        { ...clone(vkey), IC: [...clone(vkey.IC).reverse()] },
        { engine },
      );
      expect(other.verify(proofs[0]!)).toBe(false);
    });

    it("refuses a malformed key", async () => {
      await expect(Groth16Verifier.create({ ...clone(vkey), IC: [] }, { engine })).rejects.toThrow(
        MalformedProofError,
      );
    });
  });
});
