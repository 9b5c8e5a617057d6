import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { attestCapture, generateAttesterKey } from "@zkpop/attestation";
import {
  buildEnrollmentArtifacts,
  buildMembershipArtifacts,
  Group,
  Identity,
  scopeOf,
  scopeToField,
  semaphoreHash,
} from "@zkpop/core";
import { enrollInput, orlCropsPath } from "@zkpop/enroll-circuit";
import { readCropCache } from "@zkpop/image";
import {
  artifactsHome,
  compileCircuit,
  engineInfo,
  Groth16Verifier,
  type LoadedArtifacts,
  loadArtifacts,
  nativeAddon,
  Prover,
  releaseSnarkjsCurves,
  setupDevelopment,
  snarkjsVerify,
  WitnessGenerator,
} from "@zkpop/prover";
import { afterAll, describe, expect, it } from "vitest";
import { circomlib } from "./fixtures.js";

// The native Groth16 prover against the references: every proof it makes must verify with
// snarkjs's own groth16.verify and with the mcl verifier, on the real circuits and on random
// small ones; proofs are randomised; the snarkjs engine still works when asked for.
const addon = nativeAddon();

/** A random small circuit: quadratic gates over earlier signals, bits (0/1 witness values) and subtractions (values near r). */
function randomCircuit(seed: number): { source: string; input: Record<string, string[]> } {
  let s = seed;
  const rnd = (n: number) => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s % n;
  };
  const inputs = 2 + rnd(4);
  const gates = 20 + rnd(60);
  const outputs = 1 + rnd(3);
  const lines = [
    "pragma circom 2.1.5;",
    `template R${seed}() {`,
    `  signal input x[${inputs}];`,
    `  signal output y[${outputs}];`,
    "  signal bit[8];",
    `  signal g[${gates}];`,
    "  var acc = 0;",
    "  for (var i = 0; i < 8; i++) {",
    "    bit[i] <-- (x[0] >> i) & 1;",
    "    bit[i] * (bit[i] - 1) === 0;",
    "    acc += bit[i] * 2 ** i;",
    "  }",
    "  acc === x[0];",
  ];
  const ref = (i: number) => {
    const k = rnd(i + inputs + 8);
    if (k < inputs) return `x[${k}]`;
    if (k < inputs + 8) return `bit[${k - inputs}]`;
    return `g[${k - inputs - 8}]`;
  };
  for (let i = 0; i < gates; i++) {
    lines.push(`  g[${i}] <== (${rnd(9) + 1} * ${ref(i)} - ${rnd(1000)}) * (${ref(i)} + ${rnd(7)});`);
  }
  for (let j = 0; j < outputs; j++) lines.push(`  y[${j}] <== g[${gates - 1 - j}] - ${rnd(50)};`);
  lines.push("}", `component main {public [x]} = R${seed}();`, "");
  const x = Array.from({ length: inputs }, (_, i) => String(i === 0 ? rnd(256) : rnd(1_000_000)));
  return { source: lines.join("\n"), input: { x } };
}

/** randomCircuit(seed) compiled and set up (both cached by content). */
async function randomArtifacts(seed: number) {
  const { source, input } = randomCircuit(seed);
  const file = path.join(artifactsHome(), "sources", "native-random", `random-${seed}.circom`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, source);
  const compiled = await compileCircuit({
    source: file,
    name: `native-random-${seed}`,
    includePaths: [circomlib],
  });
  return { art: await loadArtifacts((await setupDevelopment(compiled)).dir), input };
}

async function nativeAndReferencesAgree(art: LoadedArtifacts, input: Record<string, unknown>) {
  const prover = new Prover(art, { engine: "native" });
  try {
    const r = await prover.prove(input);
    expect(r.engine).toBe("native");
    const verifier = await Groth16Verifier.create(art.vkey);
    expect(verifier.verify(r)).toBe(true);
    expect(await snarkjsVerify(art.vkey, r)).toBe(true);
    // The same proof with another public signal must fail both (the check is not vacuous).
    const wrong = {
      ...r,
      publicSignals: [String(BigInt(r.publicSignals[0]!) + 1n), ...r.publicSignals.slice(1)],
    };
    expect(verifier.verify(wrong)).toBe(false);
    expect(await snarkjsVerify(art.vkey, wrong)).toBe(false);
    return r;
  } finally {
    await prover.close();
  }
}

describe.skipIf(!addon)("native Groth16 prover", () => {
  afterAll(async () => releaseSnarkjsCurves());

  it("proves three random small circuits: proofs verify with snarkjs and mcl", async () => {
    for (const seed of [11, 12, 13]) {
      const { art, input } = await randomArtifacts(seed);
      await nativeAndReferencesAgree(art, input);
    }
  });

  it("proves Semaphore depth 20 membership", async () => {
    const built = await buildMembershipArtifacts({ depth: 20 });
    const ids = Array.from({ length: 5 }, (_, i) => new Identity(`native member ${i}`));
    const group = new Group(ids.map((id) => id.commitment));
    const mp = group.generateMerkleProof(3);
    const r = await nativeAndReferencesAgree(await loadArtifacts(built.dir), {
      secret: ids[3]!.secretScalar,
      merkleProofLength: mp.siblings.length,
      merkleProofIndex: mp.index,
      merkleProofSiblings: Array.from({ length: 20 }, (_, k) => mp.siblings[k] ?? 0n),
      scope: semaphoreHash(scopeToField(scopeOf("native.example", "test"))),
      message: semaphoreHash(7n),
    });
    expect(r.publicSignals[0]).toBe(String(group.root));
  });

  it("proves the enrollment circuit", async () => {
    const built = await buildEnrollmentArtifacts({});
    const cache = readCropCache(orlCropsPath());
    const pixels = cache.crops[5]!.data;
    const a = attestCapture(generateAttesterKey().privateKey, {
      pixels,
      identityCommitment: 42n,
      capturedAt: 1_764_000_000,
    });
    await nativeAndReferencesAgree(await loadArtifacts(built.dir), enrollInput(pixels, a));
  });

  it("proves with the key's MSM tables (2, 4 and 8 copies), which wait for their budget", async () => {
    const { art, input } = await randomArtifacts(12);
    const wtns = await (await WitnessGenerator.fromWasm(art.wasm)).wtns(input);
    const verifier = await Groth16Verifier.create(art.vkey);
    const ready = async (key: InstanceType<NonNullable<typeof addon>["ProvingKey"]>) => {
      for (let i = 0; i < 500 && !key.msmTables.ready; i++) await new Promise((r) => setTimeout(r, 20));
      expect(key.msmTables.ready).toBe(true);
      return key.msmTables;
    };
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, "8"])
      expect(() => new addon!.ProvingKey(art.zkey, { msmTableBytes: bad as number })).toThrow(
        /msmTableBytes/,
      );
    const none = new addon!.ProvingKey(art.zkey, { msmTableBytes: 0 });
    expect(await ready(none)).toMatchObject({ copies: 1, bytes: 0 });
    const eight = await ready(new addon!.ProvingKey(art.zkey, { msmTableBytes: 1 << 30 }));
    expect(eight.copies).toBe(8);
    const oneCopy = eight.bytes / 7;
    for (const [budget, copies] of [
      [oneCopy * 3, 4],
      [oneCopy * 3 - 1, 2],
      [oneCopy, 2],
      [1 << 30, 8],
    ] as const) {
      const key = new addon!.ProvingKey(art.zkey, { msmTableBytes: budget });
      expect((await ready(key)).copies).toBe(copies);
      const r = await key.prove(wtns);
      expect(verifier.verify(r)).toBe(true);
      expect(await snarkjsVerify(art.vkey, r)).toBe(true);
    }
  });

  it("randomises: two proofs of the same witness differ and both verify", async () => {
    const { art, input } = await randomArtifacts(11);
    const wtns = await (await WitnessGenerator.fromWasm(art.wasm)).wtns(input);
    const key = new addon!.ProvingKey(art.zkey);
    const [p1, p2] = [await key.prove(wtns), await key.prove(wtns)];
    expect(p1.publicSignals).toEqual(p2.publicSignals);
    expect(p1.proof.pi_a).not.toEqual(p2.proof.pi_a);
    expect(p1.proof.pi_b).not.toEqual(p2.proof.pi_b);
    expect(p1.proof.pi_c).not.toEqual(p2.proof.pi_c);
    expect(await snarkjsVerify(art.vkey, p1)).toBe(true);
    expect(await snarkjsVerify(art.vkey, p2)).toBe(true);

    // Cancelled before it starts: rejects, and the key still proves afterwards.
    const cancelled = key.prove(wtns);
    key.cancel();
    await expect(cancelled).rejects.toMatchObject({ code: "PROOF_CANCELLED" });
    expect(await snarkjsVerify(art.vkey, await key.prove(wtns))).toBe(true);

    // Bad input: a clear error, nothing proved.
    await expect(key.prove(wtns.subarray(0, wtns.length - 32))).rejects.toThrow(/truncated|expected/);
    expect(() => new addon!.ProvingKey(new Uint8Array(100))).toThrow(/not a zkey file/);
  });

  it("falls back to snarkjs when asked (ZKPOP_ENGINE=snarkjs)", async () => {
    const saved = process.env.ZKPOP_ENGINE;
    process.env.ZKPOP_ENGINE = "snarkjs";
    try {
      expect(engineInfo()).toEqual({ engine: "snarkjs", reason: "ZKPOP_ENGINE=snarkjs" });
      const { art, input } = await randomArtifacts(12);
      const prover = new Prover(art);
      expect(prover.engine).toBe("snarkjs");
      const r = await prover.prove(input);
      await prover.close();
      expect(r.engine).toBe("snarkjs");
      expect(await snarkjsVerify(art.vkey, r)).toBe(true);
      process.env.ZKPOP_ENGINE = "gpu";
      expect(() => engineInfo()).toThrow(/ZKPOP_ENGINE/);
    } finally {
      if (saved === undefined) delete process.env.ZKPOP_ENGINE;
      else process.env.ZKPOP_ENGINE = saved;
    }
  });
});
