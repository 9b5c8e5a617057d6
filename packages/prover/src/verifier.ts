import { engineInfo, nativeAddon } from "./engine.js";
import { MalformedProofError, ZkpopError } from "./errors.js";
import { MclGroth16Verifier } from "./mcl-verifier.js";
import { NativeGroth16Verifier } from "./native-verifier.js";
import type { ProofItem, VerificationKey } from "./vkey.js";

/** Result of verifying many proofs together: which of them (by index) failed. */
export interface BatchResult {
  allValid: boolean;
  invalid: number[];
}

/** Which implementation checks the pairings: the C++ addon, or mcl-wasm (always available). */
export type VerifierEngine = "native" | "mcl";

interface VerifierBackend {
  verify(item: ProofItem): boolean;
  verifyBatch(items: readonly ProofItem[]): BatchResult;
}

/**
 * Groth16 verifier for one verification key (snarkjs bn128). Runs on the native BN254 engine
 * when the addon is built and not disabled (ZKPOP_ENGINE=snarkjs), on mcl-wasm otherwise; both
 * refuse non-canonical coordinates and signals, points off the curve and, for B, points outside
 * G2's prime-order subgroup, and batch with random 128-bit weights and one final exponentiation.
 */
export class Groth16Verifier {
  private constructor(
    readonly nPublic: number,
    readonly engine: VerifierEngine,
    private readonly backend: VerifierBackend,
  ) {}

  /** `engine` forces one implementation; by default native unless ZKPOP_ENGINE=snarkjs or not built. */
  static async create(
    vkey: VerificationKey,
    opts: { engine?: VerifierEngine } = {},
  ): Promise<Groth16Verifier> {
    if (vkey?.protocol !== "groth16" || vkey.curve !== "bn128") {
      throw new MalformedProofError("verification key must be snarkjs groth16 on bn128");
    }
    if (!Array.isArray(vkey.IC) || vkey.IC.length !== vkey.nPublic + 1) {
      throw new MalformedProofError("verification key IC must have nPublic + 1 points");
    }
    const engine = opts.engine ?? (engineInfo().engine === "native" ? "native" : "mcl");
    if (engine === "native") {
      const addon = nativeAddon();
      if (!addon) throw new ZkpopError("ENGINE_UNAVAILABLE", "the native BN254 engine is not built");
      return new Groth16Verifier(vkey.nPublic, engine, NativeGroth16Verifier.create(addon, vkey));
    }
    return new Groth16Verifier(vkey.nPublic, engine, await MclGroth16Verifier.create(vkey));
  }

  /** True when the proof verifies; throws a typed error when it is malformed. */
  verify(item: ProofItem): boolean {
    return this.backend.verify(item);
  }

  /** Verifies many proofs with one final exponentiation; malformed items count as invalid. */
  verifyBatch(items: readonly ProofItem[]): BatchResult {
    return this.backend.verifyBatch(items);
  }
}
