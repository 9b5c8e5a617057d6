import { ZkpopError } from "@zkpop/errors";
import type { GrayImage } from "@zkpop/image";
import { isCanonicalField } from "@zkpop/prover/field";
import { z } from "zod";
import { type Attestation, verifyAttestation } from "./attester.js";
import { imageHash } from "./image-hash.js";

// The prover's one canonical-field check (its light subpath: no prover runtime in a browser bundle).
const decimal = z
  .string()
  .refine((s) => isCanonicalField(s), "must be a canonical decimal integer below the field order");

/** A signed capture as it travels from the attester to the holder's device (JSON). */
export const signedCaptureSchema = z.strictObject({
  format: z.literal("zkpop-signed-capture/1"),
  crop: z.strictObject({
    width: z.number().int().min(8).max(256),
    height: z.number().int().min(8).max(256),
    pixels: z.string().max(200_000), // base64, one byte a pixel
  }),
  imageHash: decimal,
  identityCommitment: decimal,
  capturedAt: z
    .number()
    .int()
    .min(0)
    .max(2 ** 40 - 1),
  attester: z.strictObject({ x: decimal, y: decimal }),
  signature: z.strictObject({ R8x: decimal, R8y: decimal, S: decimal }),
});
export type SignedCaptureJson = z.infer<typeof signedCaptureSchema>;

export interface SignedCapture {
  crop: GrayImage;
  attestation: Attestation;
}

// base64 with the web platform's atob/btoa (also global in Node), so that this file bundles for
// browsers; atob refuses characters outside base64 where Buffer would skip them.
const toBase64 = (bytes: Uint8Array) => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(""));
function fromBase64(s: string): Uint8Array {
  try {
    return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
  } catch {
    throw new ZkpopError("SIGNED_CAPTURE_MALFORMED", "crop.pixels is not base64");
  }
}

export function signedCaptureToJson(s: SignedCapture): SignedCaptureJson {
  const a = s.attestation;
  return {
    format: "zkpop-signed-capture/1",
    crop: { width: s.crop.width, height: s.crop.height, pixels: toBase64(s.crop.data) },
    imageHash: a.imageHash.toString(),
    identityCommitment: a.identityCommitment.toString(),
    capturedAt: a.capturedAt,
    attester: { x: a.attester.x.toString(), y: a.attester.y.toString() },
    signature: {
      R8x: a.signature.R8x.toString(),
      R8y: a.signature.R8y.toString(),
      S: a.signature.S.toString(),
    },
  };
}

/**
 * Parses a signed capture and checks it end to end: shape, pixel count, that the pixels hash to
 * the signed imageHash, and the attester's signature. Throws a typed error naming what is wrong.
 */
export function parseSignedCapture(json: unknown): SignedCapture {
  const r = signedCaptureSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new ZkpopError("SIGNED_CAPTURE_MALFORMED", `${i.path.join(".") || "signed capture"}: ${i.message}`);
  }
  const j = r.data;
  const data = fromBase64(j.crop.pixels);
  if (data.length !== j.crop.width * j.crop.height) {
    throw new ZkpopError(
      "SIGNED_CAPTURE_MALFORMED",
      `crop has ${data.length} pixels, expected ${j.crop.width}×${j.crop.height}`,
    );
  }
  const attestation: Attestation = {
    imageHash: BigInt(j.imageHash),
    identityCommitment: BigInt(j.identityCommitment),
    capturedAt: j.capturedAt,
    attester: { x: BigInt(j.attester.x), y: BigInt(j.attester.y) },
    signature: { R8x: BigInt(j.signature.R8x), R8y: BigInt(j.signature.R8y), S: BigInt(j.signature.S) },
  };
  if (imageHash(data) !== attestation.imageHash) {
    throw new ZkpopError("SIGNED_CAPTURE_TAMPERED", "the crop's pixels do not hash to the signed imageHash");
  }
  if (!verifyAttestation(attestation)) {
    throw new ZkpopError("ATTESTATION_INVALID", "the attester's signature does not verify");
  }
  return { crop: { width: j.crop.width, height: j.crop.height, data }, attestation };
}
