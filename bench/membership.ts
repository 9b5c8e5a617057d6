/**
 * Membership proof benchmark (issue 2): cold vs warm proving, single verification, and batch
 * verification throughput against one-by-one snarkjs `groth16.verify`, all in the same run.
 * Run: npm run bench:membership [-- --json] [-- --distinct N]
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { unpackGroth16Proof } from "@semaphore-protocol/proof";
import {
  Group,
  Identity,
  Membership,
  type MembershipProof,
  membershipPublicSignals,
  scopeOf,
} from "@zkpop/core";
import { Groth16Verifier, releaseSnarkjsCurves, snarkjsVerify } from "@zkpop/prover";
import { fmt, median, printTable, timeIt, wantsJson } from "./lib.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const DISTINCT = arg("distinct", 16);
const log = (s: string) => !wantsJson && console.error(s);

const zk = await Membership.load({ depth: 20 });
const ids = Array.from({ length: 64 }, (_, i) => new Identity(`bench member ${i}`));
const group = new Group(ids.map((i) => i.commitment));
const scope = scopeOf("bench.example", "signup");

// Cold: upstream generateProof in a fresh process (3 runs), which loads wasm + key and builds the curve.
log("cold proofs (fresh processes) ...");
const cold = [0, 1, 2].map(() => {
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", path.join(here, "cold-prove.ts"), zk.artifacts.dir, "20"],
    { encoding: "utf8" },
  );
  return JSON.parse(out.trim().split("\n").pop()!) as { proveMs: number; processMs: number };
});

log("warm proofs ...");
const proofs: MembershipProof[] = [];
const first = await timeIt(() => zk.prove(ids[0]!, group, scope, 0n));
proofs.push(first.value);
const warm: number[] = [];
for (let i = 1; i < DISTINCT; i++) {
  const r = await timeIt(() => zk.prove(ids[i % ids.length]!, group, scope, BigInt(i)));
  warm.push(r.ms);
  proofs.push(r.value);
}
await zk.close();

const items = proofs.map((p) => ({
  proof: unpackGroth16Proof(p.points as never) as never,
  publicSignals: membershipPublicSignals(p),
}));
const verifier = await Groth16Verifier.create(zk.verificationKey);

log("single verification ...");
const snarkSingle: number[] = [];
const oursSingle: number[] = [];
for (const it of items) {
  snarkSingle.push((await timeIt(() => snarkjsVerify(zk.verificationKey, it))).ms);
  oursSingle.push((await timeIt(() => verifier.verify(it))).ms);
}

// Throughput. Batches reuse the DISTINCT proofs cyclically: the cost of a batch does not
// depend on proofs being distinct (each item gets its own random weight and Miller loop).
log("batch throughput ...");
const tile = (n: number) => Array.from({ length: n }, (_, i) => items[i % items.length]!);
const oneByOne = async (n: number) => {
  const batch = tile(n);
  const { ms, value } = await timeIt(async () => {
    let ok = true;
    for (const it of batch) ok = (await snarkjsVerify(zk.verificationKey, it)) && ok;
    return ok;
  });
  if (!value) throw new Error("a valid proof failed snarkjs verification");
  return (n * 1000) / ms;
};
const batchRate = (size: number) => {
  const batch = tile(size);
  const rounds = Math.max(1, Math.floor(256 / size));
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    if (!verifier.verifyBatch(batch).allValid) throw new Error("a valid batch failed");
  }
  return (size * rounds * 1000) / (performance.now() - t0);
};
// The box is shared: baseline and batch runs alternate, and ratios are medians over rounds.
const SIZES = [1, 16, 64, 256];
const baselines: number[] = [];
const rates = new Map<number, number[]>(SIZES.map((s) => [s, []]));
for (let round = 0; round < 3; round++) {
  for (const size of SIZES) {
    baselines.push(await oneByOne(32));
    rates.get(size)!.push(batchRate(size));
  }
}
const baseline = median(baselines);
const batchRows = SIZES.map((size) => {
  const perSec = median(rates.get(size)!);
  return {
    batch: size,
    "proofs/s": fmt(perSec),
    "vs one-by-one groth16.verify": `${fmt(perSec / baseline, 2)}×`,
  };
});

const result = {
  machine: { cpus: (await import("node:os")).cpus().length, node: process.version },
  prove: {
    coldGenerateProofMs: fmt(median(cold.map((c) => c.proveMs))),
    coldProcessMs: fmt(median(cold.map((c) => c.processMs))),
    firstWarmProverMs: fmt(first.ms),
    warmMs: fmt(median(warm)),
    warmVsCold: fmt(median(cold.map((c) => c.proveMs)) / median(warm), 2),
  },
  verify: {
    snarkjsMs: fmt(median(snarkSingle), 2),
    oursMs: fmt(median(oursSingle), 2),
    ratio: fmt(median(snarkSingle) / median(oursSingle), 2),
  },
  throughput: { oneByOneSnarkjsPerSec: fmt(baseline), batches: batchRows, distinctProofs: items.length },
};

if (wantsJson) console.log(JSON.stringify(result, null, 2));
else {
  printTable("Membership proof (Semaphore v4, depth 20)", [
    { what: "cold: upstream generateProof, fresh process", ms: result.prove.coldGenerateProofMs },
    { what: "warm: Membership.prove, circuit loaded", ms: result.prove.warmMs },
    { what: "warm vs cold", ms: `${result.prove.warmVsCold}× faster` as unknown as number },
  ]);
  printTable("Single verification", [
    { verifier: "snarkjs groth16.verify", ms: result.verify.snarkjsMs },
    { verifier: "zkpop Groth16Verifier (mcl-wasm)", ms: result.verify.oursMs },
  ]);
  printTable(
    `Batch verification throughput (one-by-one groth16.verify: ${result.throughput.oneByOneSnarkjsPerSec} proofs/s)`,
    batchRows,
  );
}
await releaseSnarkjsCurves();
