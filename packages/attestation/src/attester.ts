import { randomBytes } from "node:crypto";
import { derivePublicKey, signMessage, verifySignature } from "@zk-kit/eddsa-poseidon";
import { ZkpopError } from "@zkpop/errors";
import { poseidon3 } from "poseidon-lite";
import { imageHash } from "./image-hash.js";

/** An attester's Baby Jubjub public key (EdDSA-Poseidon), as field elements. */
export interface AttesterPublicKey {
  x: bigint;
  y: bigint;
}

/** What an attester signs for a capture, and the signature, in circuit form. */
export interface Attestation {
  imageHash: bigint;
  identityCommitment: bigint;
  capturedAt: number;
  attester: AttesterPublicKey;
  signature: { R8x: bigint; R8y: bigint; S: bigint };
}

const MAX_CAPTURED_AT = 2 ** 40; // the circuit range-checks capturedAt to 40 bits

export class AttestationError extends ZkpopError {}

/** A new attester key: 32 random bytes. Keep it in the capture station's secure storage. */
export function generateAttesterKey(): { privateKey: Uint8Array; publicKey: AttesterPublicKey } {
  const privateKey = new Uint8Array(randomBytes(32));
  return { privateKey, publicKey: attesterPublicKey(privateKey) };
}

export function attesterPublicKey(privateKey: Uint8Array): AttesterPublicKey {
  const [x, y] = derivePublicKey(privateKey);
  return { x: BigInt(x), y: BigInt(y) };
}

/** The message the attester signs: Poseidon(imageHash, identityCommitment, capturedAt). */
export function attestationMessage(hash: bigint, identityCommitment: bigint, capturedAt: number): bigint {
  if (!Number.isSafeInteger(capturedAt) || capturedAt < 0 || capturedAt >= MAX_CAPTURED_AT) {
    throw new AttestationError(
      "CAPTURED_AT_INVALID",
      "capturedAt must be unix seconds, an integer in [0, 2^40)",
    );
  }
  return poseidon3([hash, identityCommitment, BigInt(capturedAt)]);
}

/**
 * Signs a face crop the attester captured live, for the holder's identity commitment.
 * Liveness and presentation-attack detection are the attester's duty: the circuit can only
 * check that the pixels it embeds are the pixels the attester signed.
 */
export function attestCapture(
  privateKey: Uint8Array,
  capture: { pixels: Uint8Array; identityCommitment: bigint; capturedAt: number },
): Attestation {
  const hash = imageHash(capture.pixels);
  const msg = attestationMessage(hash, capture.identityCommitment, capture.capturedAt);
  const sig = signMessage(privateKey, msg);
  return {
    imageHash: hash,
    identityCommitment: capture.identityCommitment,
    capturedAt: capture.capturedAt,
    attester: attesterPublicKey(privateKey),
    signature: { R8x: BigInt(sig.R8[0]), R8y: BigInt(sig.R8[1]), S: BigInt(sig.S) },
  };
}

/** Checks an attestation outside the circuit (for tooling and early, clear errors). */
export function verifyAttestation(a: Attestation): boolean {
  const msg = attestationMessage(a.imageHash, a.identityCommitment, a.capturedAt);
  return verifySignature(msg, { R8: [a.signature.R8x, a.signature.R8y], S: a.signature.S }, [
    a.attester.x,
    a.attester.y,
  ]);
}

/** The attestation as the enrollment circuit's inputs (everything but the pixels). */
export function attestationInput(a: Attestation): Record<string, bigint | number> {
  return {
    identityCommitment: a.identityCommitment,
    capturedAt: a.capturedAt,
    attesterAx: a.attester.x,
    attesterAy: a.attester.y,
    sigS: a.signature.S,
    sigR8x: a.signature.R8x,
    sigR8y: a.signature.R8y,
  };
}
