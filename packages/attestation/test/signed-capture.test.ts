import { randomBytes } from "node:crypto";
import { SNARK_FIELD } from "@zkpop/prover/field";
import { describe, expect, it } from "vitest";
import { attestCapture, generateAttesterKey, parseSignedCapture, signedCaptureToJson } from "../src/index.js";

const { privateKey } = generateAttesterKey();
const crop = { width: 32, height: 32, data: new Uint8Array(randomBytes(1024)) };
const json = signedCaptureToJson({
  crop,
  attestation: attestCapture(privateKey, {
    pixels: crop.data,
    identityCommitment: 42n,
    capturedAt: 1_764_000_000,
  }),
});

describe("signed capture files", () => {
  it("round-trip and verify", () => {
    const back = parseSignedCapture(JSON.parse(JSON.stringify(json)));
    expect(back.crop.data).toEqual(crop.data);
    expect(back.attestation.identityCommitment).toBe(42n);
  });

  it("refuse a tampered pixel, another identity or time, a foreign signature, and bad shapes", () => {
    const pixels = Buffer.from(json.crop.pixels, "base64");
    pixels[100] = (pixels[100]! + 1) % 256;
    expect(() =>
      parseSignedCapture({ ...json, crop: { ...json.crop, pixels: pixels.toString("base64") } }),
    ).toThrow(expect.objectContaining({ code: "SIGNED_CAPTURE_TAMPERED" }));
    expect(() => parseSignedCapture({ ...json, identityCommitment: "43" })).toThrow(
      expect.objectContaining({ code: "ATTESTATION_INVALID" }),
    );
    expect(() => parseSignedCapture({ ...json, capturedAt: json.capturedAt + 1 })).toThrow(
      expect.objectContaining({ code: "ATTESTATION_INVALID" }),
    );
    const other = generateAttesterKey().publicKey;
    expect(() =>
      parseSignedCapture({ ...json, attester: { x: other.x.toString(), y: other.y.toString() } }),
    ).toThrow(expect.objectContaining({ code: "ATTESTATION_INVALID" }));
    for (const bad of [
      null,
      {},
      { ...json, format: "x" },
      { ...json, imageHash: "-1" },
      { ...json, crop: { ...json.crop, width: 31 } },
      { ...json, extra: 1 },
    ]) {
      expect(() => parseSignedCapture(bad)).toThrow(
        expect.objectContaining({ code: expect.stringMatching(/^SIGNED_CAPTURE_/) }),
      );
    }
  });

  it("refuse each field just outside its bounds, naming the field (the browser bundle's zod/mini schema)", () => {
    const crop = json.crop;
    const cases: Array<[unknown, string]> = [
      [{ ...json, crop: { ...crop, width: 7 } }, "crop.width: Too small"],
      [{ ...json, crop: { ...crop, height: 257 } }, "crop.height: Too big"],
      [{ ...json, crop: { ...crop, width: 31.5 } }, "crop.width: Invalid input: expected int"],
      [{ ...json, crop: { ...crop, width: "32" } }, "crop.width: Invalid input: expected number"],
      [{ ...json, crop: { ...crop, pixels: "A".repeat(200_001) } }, "crop.pixels: Too big"],
      [{ ...json, capturedAt: -1 }, "capturedAt: Too small"],
      [{ ...json, capturedAt: 2 ** 40 }, "capturedAt: Too big"],
      [{ ...json, imageHash: "01" }, "imageHash: must be a canonical decimal integer"],
      [{ ...json, identityCommitment: SNARK_FIELD.toString() }, "identityCommitment: must be a canonical"],
      [{ ...json, signature: { ...json.signature, S: "1".repeat(79) } }, "signature.S: must be a canonical"],
      [{ ...json, attester: { x: json.attester.x } }, "attester.y: Invalid input"],
      [{ ...json, crop: { ...crop, depth: 8 } }, 'crop: Unrecognized key: "depth"'],
    ];
    for (const [bad, message] of cases)
      expect(() => parseSignedCapture(bad)).toThrow(
        expect.objectContaining({
          code: "SIGNED_CAPTURE_MALFORMED",
          message: expect.stringContaining(message),
        }),
      );
  });
});
