import { randomBytes } from "node:crypto";
import mcl from "mcl-wasm";
import { parseG1, parseG2, parseSignals } from "./curve-points.js";
import { MalformedProofError, ZkpopError } from "./errors.js";
import { SNARK_FIELD } from "./field.js";
import { frFromBigint, initMcl } from "./mcl-curve.js";
import type { BatchResult } from "./verifier.js";
import type { ProofItem, VerificationKey } from "./vkey.js";

interface ParsedProof {
  a: mcl.G1;
  b: mcl.G2;
  c: mcl.G1;
  signals: bigint[];
}

/**
 * Groth16 verifier for one verification key, on mcl-wasm (BN_SNARK1 is snarkjs' bn128).
 *
 * Single proofs: three Miller loops and one final exponentiation, e(α,β) precomputed.
 * Batches: with random 128-bit r_i the n equations e(A_i,B_i) = e(α,β)·e(L_i,γ)·e(C_i,δ)
 * fold into Π e(r_i·A_i, B_i) · e(−Σr_i·L_i, γ) · e(−Σr_i·C_i, δ) = e(α,β)^Σr_i, which costs
 * n+2 Miller loops and ONE final exponentiation; a forged member survives with probability
 * 2^-128. A failing batch is bisected to name the bad proofs.
 */
export class MclGroth16Verifier {
  private constructor(
    readonly nPublic: number,
    private readonly ic: mcl.G1[],
    private readonly alphaBeta: mcl.GT,
    private readonly gamma: mcl.PrecomputedG2,
    private readonly delta: mcl.PrecomputedG2,
  ) {}

  /** The key's shape has been checked by Groth16Verifier.create. */
  static async create(vkey: VerificationKey): Promise<MclGroth16Verifier> {
    await initMcl();
    const alpha = parseG1(vkey.vk_alpha_1, "vk_alpha_1");
    const beta = parseG2(vkey.vk_beta_2, "vk_beta_2");
    const ic = vkey.IC.map((p, i) => parseG1(p, `IC[${i}]`));
    return new MclGroth16Verifier(
      vkey.nPublic,
      ic,
      mcl.pairing(alpha, beta),
      new mcl.PrecomputedG2(parseG2(vkey.vk_gamma_2, "vk_gamma_2")),
      new mcl.PrecomputedG2(parseG2(vkey.vk_delta_2, "vk_delta_2")),
    );
  }

  /** Parses and range-checks a proof; throws MalformedProofError / NonCanonicalFieldError. */
  parse(item: ProofItem): ParsedProof {
    const proof = item?.proof as unknown as Record<string, unknown> | undefined;
    if (!proof || typeof proof !== "object")
      throw new MalformedProofError("proof must be an object with pi_a, pi_b, pi_c");
    return {
      a: parseG1(proof.pi_a, "pi_a"),
      b: parseG2(proof.pi_b, "pi_b"),
      c: parseG1(proof.pi_c, "pi_c"),
      signals: parseSignals(item.publicSignals, this.nPublic),
    };
  }

  /** Σ w_i·L_i where L_i = IC_0 + Σ_j s_ij·IC_j, as one multi-scalar multiplication. */
  private publicInputTerm(proofs: ParsedProof[], weights: bigint[]): mcl.G1 {
    const scalars = new Array<bigint>(this.ic.length).fill(0n);
    proofs.forEach((p, i) => {
      const w = weights[i]!;
      scalars[0] = (scalars[0]! + w) % SNARK_FIELD;
      p.signals.forEach((s, j) => {
        scalars[j + 1] = (scalars[j + 1]! + w * s) % SNARK_FIELD;
      });
    });
    return mcl.mulVec(this.ic, scalars.map(frFromBigint));
  }

  private check(proofs: ParsedProof[], weights: bigint[]): boolean {
    let ml: mcl.GT | undefined;
    const acc = (gt: mcl.GT) => {
      ml = ml ? mcl.mul(ml, gt) : gt;
    };
    proofs.forEach((p, i) => {
      const a = weights[i] === 1n ? p.a : mcl.mul(p.a, frFromBigint(weights[i]!));
      acc(mcl.millerLoop(a, p.b));
    });
    const l = this.publicInputTerm(proofs, weights);
    const c = mcl.mulVec(
      proofs.map((p) => p.c),
      weights.map(frFromBigint),
    );
    acc(mcl.precomputedMillerLoop2(mcl.neg(l), this.gamma, mcl.neg(c), this.delta));
    const lhs = mcl.finalExp(ml!);
    const sum = weights.reduce((s, w) => s + w, 0n) % SNARK_FIELD;
    const rhs = sum === 1n ? this.alphaBeta : mcl.pow(this.alphaBeta, frFromBigint(sum));
    return lhs.isEqual(rhs);
  }

  /** True when the proof verifies; throws a typed error when it is malformed. */
  verify(item: ProofItem): boolean {
    return this.check([this.parse(item)], [1n]);
  }

  /** Verifies many proofs with one final exponentiation; malformed items count as invalid. */
  verifyBatch(items: readonly ProofItem[]): BatchResult {
    const invalid: number[] = [];
    const parsed: Array<{ index: number; proof: ParsedProof }> = [];
    items.forEach((item, index) => {
      try {
        parsed.push({ index, proof: this.parse(item) });
      } catch (e) {
        if (!(e instanceof ZkpopError)) throw e;
        invalid.push(index);
      }
    });
    const bisect = (group: typeof parsed) => {
      if (group.length === 0) return;
      if (
        this.check(
          group.map((g) => g.proof),
          group.length === 1 ? [1n] : group.map(randomWeight),
        )
      )
        return;
      if (group.length === 1) {
        invalid.push(group[0]!.index);
        return;
      }
      const mid = group.length >> 1;
      bisect(group.slice(0, mid));
      bisect(group.slice(mid));
    };
    bisect(parsed);
    invalid.sort((x, y) => x - y);
    return { allValid: invalid.length === 0, invalid };
  }
}

function randomWeight(): bigint {
  for (;;) {
    const r = BigInt(`0x${randomBytes(16).toString("hex")}`);
    if (r !== 0n) return r;
  }
}
