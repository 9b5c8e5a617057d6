import { attestCapture, generateAttesterKey } from "@zkpop/attestation";
import { readCropCache } from "@zkpop/image";
import { readR1cs, unsatisfiedConstraints, WitnessError, WitnessGenerator } from "@zkpop/prover";
import { execute } from "@zkpop/zkml";
import { beforeAll, describe, expect, it } from "vitest";
import {
  buildEnrollCircuit,
  defaultEnrollCircuitOptions,
  type EnrollCircuit,
  enrollInput,
  lshTags,
  orlCropsPath,
  orlSubject,
} from "../src/index.js";

const cache = readCropCache(orlCropsPath());
// The default circuit calibrates on training subjects only; the test face is a held-out subject.
const heldOut = cache.index.entries.findIndex((x) => orlSubject(x.label) === 25);

let e: EnrollCircuit;
let gen: WitnessGenerator;
beforeAll(async () => {
  e = await buildEnrollCircuit(defaultEnrollCircuitOptions());
  gen = await WitnessGenerator.fromWasm(e.compiled.wasmPath);
}, 900_000);

describe("enrollment circuit (image hash + attestation + student model + LSH tags)", () => {
  const { privateKey } = generateAttesterKey();
  const pixels = cache.crops[heldOut]!.data;
  const att = attestCapture(privateKey, { pixels, identityCommitment: 777n, capturedAt: 1_764_000_000 });
  const input = (over: Record<string, unknown> = {}) => ({ ...enrollInput(pixels, att), ...over });

  it("outputs the tags the executor and JS LSH compute, and satisfies every constraint", async () => {
    expect(e.compiled.info.nConstraints).toBeGreaterThan(50_000);
    const w = await gen.witness(input());
    const emb = execute(e.program, Array.from(pixels, BigInt)).outputs.flat();
    const tags = lshTags(emb, e.planes, e.lsh, e.domain);
    expect(w.slice(1, 1 + e.lsh.tables)).toEqual(tags);
    expect(unsatisfiedConstraints(await readR1cs(e.compiled.r1csPath), w)).toEqual([]);
  });

  it("refuses one tampered pixel, another identity, and an unsigned attester", async () => {
    const tampered = Array.from(pixels);
    tampered[500] = (tampered[500]! + 1) % 256;
    await expect(gen.witness(input({ pixels: tampered }))).rejects.toThrow(WitnessError);
    await expect(gen.witness(input({ identityCommitment: 778n }))).rejects.toThrow(WitnessError);
    const other = generateAttesterKey().publicKey;
    await expect(gen.witness(input({ attesterAx: other.x, attesterAy: other.y }))).rejects.toThrow(
      WitnessError,
    );
  });
});
