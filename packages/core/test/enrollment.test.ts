import { Identity } from "@semaphore-protocol/identity";
import { unpackGroth16Proof } from "@semaphore-protocol/proof";
import { attestCapture, generateAttesterKey } from "@zkpop/attestation";
import { DEFAULT_LSH, enrollInput, orlCropsPath, orlSubject } from "@zkpop/enroll-circuit";
import { readCropCache } from "@zkpop/image";
import { Prover, SNARK_FIELD, snarkjsVerify, WitnessError, type ZkpopError } from "@zkpop/prover";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Enrollment, type EnrollmentResult, enrollmentPublicSignals } from "../src/index.js";

const cache = readCropCache(orlCropsPath());
const cropOf = (subject: number, shot: number) => {
  const i = cache.index.entries.findIndex((e) => orlSubject(e.label) === subject);
  return cache.crops[i + shot]!.data;
};
const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return "resolved";
  } catch (e) {
    return (e as ZkpopError).code ?? String(e);
  }
};

const attester = generateAttesterKey();
const alice = new Identity("zkpop enrollment test alice");
const pixels = cropOf(24, 0); // a held-out subject
const capturedAt = 1_764_000_000;
const attestation = attestCapture(attester.privateKey, {
  pixels,
  identityCommitment: alice.commitment,
  capturedAt,
});

let zk: Enrollment;
let result: EnrollmentResult;
beforeAll(async () => {
  zk = await Enrollment.load(); // built by the global setup
  result = await zk.enroll({ identity: alice, capture: pixels, attestation });
}, 600_000);
afterAll(() => zk?.close());

describe("Enrollment (real Groth16 proofs over the enrollment circuit)", () => {
  it("proves, and the proof verifies here and in snarkjs' reference verifier", async () => {
    const { proof, tags, publicSignals } = result;
    expect(tags).toHaveLength(zk.manifest.lsh.tables);
    expect(new Set(tags).size).toBe(tags.length);
    expect(publicSignals).toEqual(enrollmentPublicSignals(proof));
    expect(proof.circuit).toBe(zk.id);
    const verified = await zk.verify(proof, { trustedAttesters: [attester.publicKey] });
    expect(verified.identityCommitment).toBe(alice.commitment.toString());
    const reference = await snarkjsVerify(zk.artifacts.vkey, {
      proof: unpackGroth16Proof(proof.points as never) as never,
      publicSignals,
    });
    expect(reference).toBe(true);
  });

  it("binds the manifest to the model, quantisation, LSH setting and verification key", () => {
    const m = zk.manifest;
    expect(m.model.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.quantisation.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.lsh).toMatchObject({
      tables: DEFAULT_LSH.tables,
      bits: DEFAULT_LSH.bits,
      seed: DEFAULT_LSH.seed,
    });
    expect(m.vkeySha256).toBe(zk.artifacts.manifest.sha256.vkey);
    expect(m.publicSignals).toHaveLength(zk.artifacts.vkey.nPublic);
  });

  it("rejects a tampered tag, identity, time, attester key or proof point", async () => {
    const p = result.proof;
    const other = generateAttesterKey().publicKey;
    const tags = [...p.tags];
    tags[3] = ((BigInt(tags[3]!) + 1n) % SNARK_FIELD).toString();
    const points = [...p.points];
    points[0] = points[2]!;
    const tampered = [
      { ...p, tags },
      { ...p, tags: [...p.tags.slice(1), p.tags[0]!] },
      { ...p, identityCommitment: new Identity("mallory").commitment.toString() },
      { ...p, capturedAt: p.capturedAt + 1 },
      { ...p, attester: { x: other.x.toString(), y: other.y.toString() } },
      { ...p, points },
      // Swapped coordinates of A: not a point of the curve. The same code as for membership.
      { ...p, points: [p.points[1]!, p.points[0]!, ...p.points.slice(2)] },
    ];
    for (const t of tampered) expect(await codeOf(zk.verify(t))).toBe("INVALID_PROOF");
  });

  it("refuses untrusted attesters, another circuit, bad shapes and non-canonical values (typed)", async () => {
    const p = result.proof;
    const other = generateAttesterKey().publicKey;
    expect(await codeOf(zk.verify(p, { trustedAttesters: [other] }))).toBe("UNKNOWN_ATTESTER");
    expect(await codeOf(zk.verify({ ...p, circuit: "0".repeat(64) }))).toBe("CIRCUIT_MISMATCH");
    expect(await codeOf(zk.verify({ ...p, tags: p.tags.slice(1) }))).toBe("MALFORMED_PROOF");
    expect(await codeOf(zk.verify({ ...p, extra: 1 }))).toBe("MALFORMED_PROOF");
    expect(await codeOf(zk.verify({ ...p, capturedAt: -1 }))).toBe("MALFORMED_PROOF");
    const big = [...p.tags];
    big[0] = SNARK_FIELD.toString();
    expect(await codeOf(zk.verify({ ...p, tags: big }))).toBe("NON_CANONICAL_FIELD");
    expect(await codeOf(zk.verify("not a proof"))).toBe("MALFORMED_PROOF");
  });

  it("refuses, before proving, a capture or attestation that does not match (typed)", async () => {
    const tamperedPixel = Uint8Array.from(pixels);
    tamperedPixel[100] = (tamperedPixel[100]! + 1) % 256;
    const bob = new Identity("zkpop enrollment test bob");
    const cases: Array<[Parameters<Enrollment["enroll"]>[0], string]> = [
      [{ identity: alice, capture: tamperedPixel, attestation }, "CAPTURE_TAMPERED"],
      [{ identity: alice, capture: cropOf(24, 1), attestation }, "CAPTURE_TAMPERED"],
      [{ identity: bob, capture: pixels, attestation }, "IDENTITY_MISMATCH"],
      [
        { identity: alice, capture: pixels, attestation: { ...attestation, capturedAt: capturedAt + 60 } },
        "ATTESTATION_INVALID",
      ],
      [{ identity: alice, capture: pixels.slice(1), attestation }, "CAPTURE_SIZE_MISMATCH"],
    ];
    for (const [req, code] of cases) expect(await codeOf(zk.enroll(req))).toBe(code);
  });

  it("the circuit itself refuses a signature over another image, identity or time (no witness)", async () => {
    const prover = new Prover(zk.artifacts);
    try {
      const good = enrollInput(pixels, attestation);
      const otherImage = enrollInput(cropOf(24, 1), attestation);
      const tamperedPixel = {
        ...good,
        pixels: (good.pixels as number[]).map((v, i) => (i === 7 ? v ^ 1 : v)),
      };
      for (const input of [
        otherImage,
        tamperedPixel,
        { ...good, identityCommitment: new Identity("mallory").commitment },
        { ...good, capturedAt: capturedAt + 1 },
      ]) {
        await expect(prover.prove(input)).rejects.toThrow(WitnessError);
      }
    } finally {
      await prover.close();
    }
  });
});
