import { notInG1, notInG2, parseSignals, readG1, readG2 } from "./curve-points.js";
import { MalformedProofError, NonCanonicalFieldError, ZkpopError } from "./errors.js";
import type { BatchResult } from "./verifier.js";
import type { ProofItem, VerificationKey } from "./vkey.js";

/** The verifier class the addon exports (native/src/verify_addon.cpp). */
export interface NativeVerifierClass {
  new (vkey: Uint8Array, nPublic: number): NativeVerifierHandle;
}
interface NativeVerifierHandle {
  /** One status byte per proof (see Status); proofs are 256 bytes each, signals 32 bytes each. */
  verify(proofs: Uint8Array, signals: Uint8Array, count: number): Uint8Array;
}

/** Per-proof verdicts of the native batch verifier; keep in step with verify.hpp. */
enum Status {
  Valid = 0,
  Invalid = 1,
  ABad = 2,
  BBad = 3,
  CBad = 4,
  NotCanonical = 5,
}

const PROOF_BYTES = 256;

/** Writes v (< 2^256) as 32 little-endian bytes. */
function putLe(out: Uint8Array, offset: number, v: bigint): void {
  const hex = v.toString(16).padStart(64, "0");
  for (let i = 0; i < 32; i++) out[offset + i] = Number.parseInt(hex.slice(62 - 2 * i, 64 - 2 * i), 16);
}

function putG2(out: Uint8Array, offset: number, p: ReturnType<typeof readG2>): void {
  putLe(out, offset, p.x[0]);
  putLe(out, offset + 32, p.x[1]);
  putLe(out, offset + 64, p.y[0]);
  putLe(out, offset + 96, p.y[1]);
}

function putG1(out: Uint8Array, offset: number, p: ReturnType<typeof readG1>): void {
  putLe(out, offset, p.x);
  putLe(out, offset + 32, p.y);
}

/**
 * Groth16 verification on the native BN254 engine. JS checks shapes and canonical encodings
 * (the same typed errors as the mcl verifier); C++ checks the curve equations, G2's subgroup,
 * and the pairing product, batching with random 128-bit weights from the OS and bisecting.
 */
export class NativeGroth16Verifier {
  private constructor(
    private readonly nPublic: number,
    private readonly handle: NativeVerifierHandle,
  ) {}

  static create(
    addon: { NativeVerifier: NativeVerifierClass },
    vkey: VerificationKey,
  ): NativeGroth16Verifier {
    const n = vkey.nPublic;
    const bytes = new Uint8Array(64 + 3 * 128 + (n + 1) * 64);
    putG1(bytes, 0, readG1(vkey.vk_alpha_1, "vk_alpha_1"));
    putG2(bytes, 64, readG2(vkey.vk_beta_2, "vk_beta_2"));
    putG2(bytes, 192, readG2(vkey.vk_gamma_2, "vk_gamma_2"));
    putG2(bytes, 320, readG2(vkey.vk_delta_2, "vk_delta_2"));
    vkey.IC.forEach((p, i) => {
      putG1(bytes, 448 + i * 64, readG1(p, `IC[${i}]`));
    });
    try {
      return new NativeGroth16Verifier(n, new addon.NativeVerifier(bytes, n));
    } catch (e) {
      throw new MalformedProofError(`verification key: ${(e as Error).message}`);
    }
  }

  /** Encodes one proof; throws MalformedProofError / NonCanonicalFieldError like the mcl verifier. */
  private encode(item: ProofItem, proofs: Uint8Array, signals: Uint8Array, slot: number): void {
    const proof = item?.proof as unknown as Record<string, unknown> | undefined;
    if (!proof || typeof proof !== "object")
      throw new MalformedProofError("proof must be an object with pi_a, pi_b, pi_c");
    const a = readG1(proof.pi_a, "pi_a");
    const b = readG2(proof.pi_b, "pi_b");
    const c = readG1(proof.pi_c, "pi_c");
    const s = parseSignals(item.publicSignals, this.nPublic);
    const o = slot * PROOF_BYTES;
    putG1(proofs, o, a);
    putG2(proofs, o + 64, b);
    putG1(proofs, o + 192, c);
    s.forEach((v, j) => {
      putLe(signals, (slot * this.nPublic + j) * 32, v);
    });
  }

  private run(items: readonly ProofItem[]): { statuses: Uint8Array; malformed: number[]; slots: number[] } {
    const proofs = new Uint8Array(items.length * PROOF_BYTES);
    const signals = new Uint8Array(items.length * this.nPublic * 32);
    const malformed: number[] = [];
    const slots: number[] = [];
    items.forEach((item, index) => {
      try {
        this.encode(item, proofs, signals, slots.length);
        slots.push(index);
      } catch (e) {
        if (!(e instanceof ZkpopError)) throw e;
        malformed.push(index);
      }
    });
    const statuses =
      slots.length === 0 ? new Uint8Array(0) : this.handle.verify(proofs, signals, slots.length);
    return { statuses, malformed, slots };
  }

  verify(item: ProofItem): boolean {
    const proofs = new Uint8Array(PROOF_BYTES);
    const signals = new Uint8Array(this.nPublic * 32);
    this.encode(item, proofs, signals, 0);
    const status = this.handle.verify(proofs, signals, 1)[0];
    switch (status) {
      case Status.Valid:
        return true;
      case Status.Invalid:
        return false;
      case Status.ABad:
        throw notInG1("pi_a");
      case Status.BBad:
        throw notInG2("pi_b");
      case Status.CBad:
        throw notInG1("pi_c");
      case Status.NotCanonical:
        throw new NonCanonicalFieldError("a proof coordinate or public signal");
      default:
        throw new ZkpopError("INTERNAL", `native verifier returned an unknown status ${status}`);
    }
  }

  verifyBatch(items: readonly ProofItem[]): BatchResult {
    const { statuses, malformed, slots } = this.run(items);
    const invalid = [...malformed];
    slots.forEach((index, slot) => {
      if (statuses[slot] !== Status.Valid) invalid.push(index);
    });
    invalid.sort((x, y) => x - y);
    return { allValid: invalid.length === 0, invalid };
  }
}
