import { randomBytes } from "node:crypto";
import path from "node:path";
import {
  attestationInput,
  attestCapture,
  generateAttesterKey,
  imageHash,
  verifyAttestation,
} from "@zkpop/attestation";
import { unsatisfiedConstraints, WitnessError } from "@zkpop/prover";
import { describe, expect, it } from "vitest";
import { testCircuits } from "../../../test/fixtures.js";
import {
  bucketOf,
  type LshParams,
  lshBits,
  lshCircom,
  lshHyperplanes,
  lshTags,
  tagDomain,
} from "../src/index.js";
import { loadCircuit, loadGenerated } from "./load-circuit.js";

const testDir = path.join(testCircuits, "enroll");
const load = loadCircuit;

describe("ImageHash circuit", () => {
  it("equals the JS imageHash; a pixel out of range or a forged witness fails", async () => {
    const { gen, r1cs } = await load(path.join(testDir, "image_hash_64.circom"));
    for (let t = 0; t < 5; t++) {
      const pixels = new Uint8Array(randomBytes(64));
      const w = await gen.witness({ pixels: [...pixels] });
      expect(w[1]).toBe(imageHash(pixels)); // wire 1 is the output
      expect(unsatisfiedConstraints(r1cs, w)).toEqual([]);
    }
    const pixels = [...new Uint8Array(64).fill(7)];
    await expect(gen.witness({ pixels: pixels.map((p, i) => (i === 10 ? 256 : p)) })).rejects.toThrow(
      WitnessError,
    );
    // Forge: pixel 0 = 7 + 256 and pixel 1 = 7 - 1 pack to the same element; the bit checks catch it.
    const w = await gen.witness({ pixels });
    const forged = [...w];
    forged[2] = 263n; // wires 2.. are the pixels
    forged[3] = 6n;
    expect(unsatisfiedConstraints(r1cs, forged).length).toBeGreaterThan(0);
  });

  it("one tampered pixel changes the hash", () => {
    const a = new Uint8Array(randomBytes(1024));
    const b = Uint8Array.from(a);
    b[517] = (b[517]! + 1) % 256;
    expect(imageHash(a)).not.toBe(imageHash(b));
  });
});

describe("Attestation circuit", () => {
  const { privateKey } = generateAttesterKey();
  const pixels = new Uint8Array(randomBytes(64));
  const att = attestCapture(privateKey, { pixels, identityCommitment: 12345n, capturedAt: 1_764_000_000 });
  const input = (over: Record<string, unknown> = {}) => ({
    imageHash: att.imageHash,
    ...attestationInput(att),
    ...over,
  });

  it("accepts the attester's signature (checked in JS too)", async () => {
    expect(verifyAttestation(att)).toBe(true);
    const { gen, r1cs } = await load(path.join(testDir, "attestation.circom"));
    expect(unsatisfiedConstraints(r1cs, await gen.witness(input()))).toEqual([]);
  });

  it("rejects another image, identity, time, attester key, and an out-of-range time", async () => {
    const { gen } = await load(path.join(testDir, "attestation.circom"));
    const other = generateAttesterKey().publicKey;
    for (const bad of [
      { imageHash: imageHash(new Uint8Array(64)) },
      { identityCommitment: 12346n },
      { capturedAt: att.capturedAt + 1 },
      { attesterAx: other.x, attesterAy: other.y },
      { sigS: att.signature.S + 1n },
      { capturedAt: 2 ** 40 + 1 },
    ]) {
      await expect(gen.witness(input(bad))).rejects.toThrow(WitnessError);
    }
    expect(verifyAttestation({ ...att, identityCommitment: 1n })).toBe(false);
  });
});

describe("LSH tags circuit", () => {
  const params: LshParams = { dim: 8, tables: 3, bits: 4, seed: "test-seed" };
  const planes = lshHyperplanes(params);
  const maxAbs = 1000n;
  const domain = tagDomain("test-model");

  const lshCircuit = () =>
    loadGenerated("lsh-test", "lsh.circom", lshCircom(params, planes, maxAbs, domain), "LshTags");

  it("hyperplanes are deterministic per seed and bounded", () => {
    expect(lshHyperplanes(params)).toEqual(planes);
    expect(lshHyperplanes({ ...params, seed: "other" })).not.toEqual(planes);
    expect(planes.flat().every((h) => Math.abs(h) <= 127)).toBe(true);
  });

  it("circuit tags equal the JS tags, bit for bit, including zero projections", async () => {
    const { gen, r1cs } = await lshCircuit();
    const embeddings: bigint[][] = [
      new Array(8).fill(0n),
      new Array(8).fill(maxAbs),
      new Array(8).fill(-maxAbs),
    ];
    for (let t = 0; t < 30; t++)
      embeddings.push(Array.from({ length: 8 }, () => BigInt(Math.floor(Math.random() * 2001) - 1000)));
    for (const emb of embeddings) {
      const w = await gen.witness({ emb });
      expect(w.slice(1, 4)).toEqual(lshTags(emb, planes, params, domain));
      expect(unsatisfiedConstraints(r1cs, w)).toEqual([]);
    }
  });

  it("tags are domain + i·2^k + bucket, and a tag of another bucket, table or domain fails", async () => {
    const { gen, r1cs } = await lshCircuit();
    const emb = Array.from({ length: 8 }, (_, i) => BigInt(i * 90 - 300));
    const w = await gen.witness({ emb });
    const buckets = lshBits(emb, planes, params).map(bucketOf);
    for (const [i, b] of buckets.entries()) expect(w[1 + i]).toBe(domain + (BigInt(i) << 4n) + b);
    const otherDomain = tagDomain("another-model");
    for (const [i, bad] of [
      [0, w[1]! + 1n], // the next bucket
      [0, w[1]! ^ 1n], // the first bit flipped
      [1, w[1]!], // table 0's tag in table 1
      [2, otherDomain + (2n << 4n) + buckets[2]!], // another circuit's domain
    ] as const) {
      const f = [...w];
      f[1 + i] = bad;
      expect(unsatisfiedConstraints(r1cs, f).length).toBeGreaterThan(0);
    }
  });

  it("a flipped sign bit or an embedding beyond the bound fails", async () => {
    const { gen, r1cs } = await lshCircuit();
    const emb = Array.from({ length: 8 }, (_, i) => BigInt(i * 100 - 350));
    const w = await gen.witness({ emb });
    // Find a sign output: a 0/1 wire whose flip breaks constraints (every boolean wire must).
    let flipped = 0;
    for (let i = 4 + 8; i < w.length && flipped < 5; i++) {
      if (w[i] !== 0n && w[i] !== 1n) continue;
      const f = [...w];
      f[i] = 1n - f[i]!;
      expect(unsatisfiedConstraints(r1cs, f).length).toBeGreaterThan(0);
      flipped++;
    }
    expect(flipped).toBe(5);
    const huge = [...emb];
    huge[0] = 1n << 40n;
    await expect(gen.witness({ emb: huge })).rejects.toThrow(WitnessError);
  });
});
