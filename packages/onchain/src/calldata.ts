import { keccak_256 } from "@noble/hashes/sha3.js";
import { type Groth16Proof, isCanonicalField, MalformedProofError } from "@zkpop/prover";

/** A Groth16 proof as the Solidity verifier takes it (G2 coordinates in EVM order: imaginary first). */
export interface SolidityProof {
  a: [bigint, bigint];
  b: [[bigint, bigint], [bigint, bigint]];
  c: [bigint, bigint];
}

const big = (v: string, what: string): bigint => {
  if (typeof v !== "string" || !/^\d+$/.test(v))
    throw new MalformedProofError(`${what} must be a decimal string`);
  return BigInt(v);
};

export function solidityProof(proof: Groth16Proof): SolidityProof {
  const p = proof as unknown as Record<string, string[] & string[][]>;
  if (!p?.pi_a || !p.pi_b || !p.pi_c) throw new MalformedProofError("proof must have pi_a, pi_b, pi_c");
  return {
    a: [big(p.pi_a[0]!, "pi_a"), big(p.pi_a[1]!, "pi_a")],
    b: [
      [big(p.pi_b[0]![1]!, "pi_b"), big(p.pi_b[0]![0]!, "pi_b")],
      [big(p.pi_b[1]![1]!, "pi_b"), big(p.pi_b[1]![0]!, "pi_b")],
    ],
    c: [big(p.pi_c[0]!, "pi_c"), big(p.pi_c[1]!, "pi_c")],
  };
}

/** 4-byte selector of a function signature, e.g. `verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[3])`. */
export function selector(signature: string): Uint8Array {
  return keccak_256(new TextEncoder().encode(signature)).slice(0, 4);
}

/**
 * ABI encoding of static arguments only (uint256 words and fixed arrays of them), which is all a
 * Groth16 verifier call needs: each value is one 32-byte big-endian word, in order. Hand-written
 * (a dozen lines) rather than pulling in a full ABI library for it.
 */
/** `sel` empty: constructor arguments. */
export function encodeCall(sel: Uint8Array, words: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(sel.length + 32 * words.length);
  out.set(sel, 0);
  words.forEach((w, i) => {
    if (w < 0n || w >= 1n << 256n) throw new MalformedProofError(`argument ${i} does not fit a uint256`);
    out.set(Buffer.from(w.toString(16).padStart(64, "0"), "hex"), sel.length + 32 * i);
  });
  return out;
}

export function proofWords(p: SolidityProof): bigint[] {
  return [...p.a, ...p.b[0], ...p.b[1], ...p.c];
}

/** Transaction data for `verifyProof(a, b, c, publicSignals)` on the exported verifier. */
export function verifyProofCalldata(proof: Groth16Proof, publicSignals: readonly string[]): Uint8Array {
  const pub = publicSignals.map((s, i) => {
    if (!isCanonicalField(s))
      throw new MalformedProofError(`public signal ${i} is not a canonical field element`);
    return BigInt(s);
  });
  const sig = `verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[${pub.length}])`;
  return encodeCall(selector(sig), [...proofWords(solidityProof(proof)), ...pub]);
}

/** The arguments as JSON (decimal strings), for pasting into a wallet, a script or Remix. */
export function verifyProofArguments(proof: Groth16Proof, publicSignals: readonly string[]) {
  const p = solidityProof(proof);
  const s = (x: bigint) => x.toString();
  return {
    a: p.a.map(s),
    b: p.b.map((r) => r.map(s)),
    c: p.c.map(s),
    publicSignals: [...publicSignals],
  };
}
