/**
 * Native vs snarkjs Groth16 proving (issue 10): for Semaphore depth 20 and the enrollment
 * circuit, warm prove time (median of --proofs, default 5, after one warm-up proof) and the
 * prover process's peak RSS for each engine, measured in the same run; ratios printed. The
 * witness time (median, computed in each prover process before its proof) is shown beside.
 * Every proof is checked with the mcl verifier. Then verification (native vs mcl-wasm, single and
 * batch of 64, per proof) and the enrollment circuit's development setup (native vs ptau +
 * snarkjs phase 2), unless --skip-verify / --skip-setup.
 * Run: npm run bench:prover [-- --json] [-- --proofs 5] [-- --only membership|enrollment]
 *      [-- --enrollment-dir DIR]  (an already set-up enrollment artifacts directory to use)
 */
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
  type EngineName,
  engineInfo,
  Groth16Verifier,
  type LoadedArtifacts,
  loadArtifacts,
  nativeAddon,
  Prover,
  releaseSnarkjsCurves,
} from "@zkpop/prover";
import { fmt, median, printTable, wantsJson } from "./lib.js";
import { benchDevSetup, benchVerification, setupRows, verifyRows } from "./verify-setup.js";

const argValue = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const PROOFS = Number(argValue("proofs") ?? 5);
const only = argValue("only");
const log = (s: string) => !wantsJson && console.error(s);

if (engineInfo().engine !== "native") throw new Error(`the native addon is needed: ${engineInfo().reason}`);

type Inputs = (i: number) => Record<string, unknown>;

function membershipInputs(depth: number): Inputs {
  const ids = Array.from({ length: 64 }, (_, i) => new Identity(`bench member ${i}`));
  const group = new Group(ids.map((id) => id.commitment));
  const scope = semaphoreHash(scopeToField(scopeOf("bench.example", "signup")));
  return (i) => {
    const mp = group.generateMerkleProof(i % ids.length);
    return {
      secret: ids[i % ids.length]!.secretScalar,
      merkleProofLength: mp.siblings.length,
      merkleProofIndex: mp.index,
      merkleProofSiblings: Array.from({ length: depth }, (_, k) => mp.siblings[k] ?? 0n),
      scope,
      message: semaphoreHash(BigInt(i)),
    };
  };
}

function enrollmentInputs(): Inputs {
  const cache = readCropCache(orlCropsPath());
  const { privateKey } = generateAttesterKey();
  return (i) => {
    const pixels = cache.crops[(i * 37) % cache.crops.length]!.data;
    const a = attestCapture(privateKey, {
      pixels,
      identityCommitment: BigInt(1000 + i),
      capturedAt: 1_764_000_000 + i,
    });
    return enrollInput(pixels, a);
  };
}

// The native key's MSM tables (shifted copies of its points, within a byte budget), as the
// prover process builds them: loaded here once more to report their size and build time.
async function nativeTables(art: LoadedArtifacts) {
  const key = new (nativeAddon()!.ProvingKey)(path.join(art.dir, art.manifest.files.zkey));
  while (!key.msmTables.ready) await new Promise((r) => setTimeout(r, 20));
  const t = key.msmTables;
  const budget = process.env.ZKPOP_MSM_TABLE_MB
    ? `ZKPOP_MSM_TABLE_MB=${process.env.ZKPOP_MSM_TABLE_MB}`
    : "default 8 MB";
  return { copies: t.copies, tableMb: fmt(t.bytes / 2 ** 20), buildMs: fmt(t.buildMs), budget };
}

// Both provers stay warm side by side and take turns, so a shared machine's changing load falls
// on both engines alike.
async function compare(name: string, art: LoadedArtifacts, inputs: Inputs) {
  const verifier = await Groth16Verifier.create(art.vkey);
  const engines: EngineName[] = ["snarkjs", "native"];
  const provers = engines.map((engine) => new Prover(art, { engine }));
  await Promise.all(provers.map((p) => p.warm()));
  const times: number[][] = [[], []];
  const witnessTimes: number[][] = [[], []];
  const rss = [0, 0];
  for (let i = 0; i <= PROOFS; i++) {
    for (const [k, prover] of provers.entries()) {
      const r = await prover.prove(inputs(i));
      if (!verifier.verify(r)) throw new Error(`a ${engines[k]} proof failed verification`);
      if (i > 0) {
        // the first proof warms caches and the JIT
        times[k]!.push(r.proveMs);
        witnessTimes[k]!.push(r.witnessMs);
      }
      rss[k] = Math.max(rss[k]!, r.maxRssBytes);
      log(`  ${name} ${engines[k]} proof ${i}: prove ${fmt(r.proveMs)} ms, witness ${fmt(r.witnessMs)} ms`);
    }
  }
  await Promise.all(provers.map((p) => p.close()));
  const tables = await nativeTables(art);
  log(
    `  ${name} native MSM tables: ${tables.copies} copies, ${tables.tableMb} MB (budget: ${tables.budget}), built in ${tables.buildMs} ms after load`,
  );
  const [snarkjs, native] = engines.map((_, k) => ({
    proveMs: fmt(median(times[k]!)),
    minMs: fmt(Math.min(...times[k]!)),
    // The witness is computed in the same process before each proof (not part of proveMs).
    witnessMs: fmt(median(witnessTimes[k]!)),
    peakRssMb: fmt(rss[k]! / 2 ** 20),
  }));
  return {
    circuit: name,
    snarkjs: snarkjs!,
    native: native!,
    speedup: fmt(snarkjs!.proveMs / native!.proveMs, 2),
    rssRatio: fmt(native!.peakRssMb / snarkjs!.peakRssMb, 2),
    nativeMsmTables: tables,
  };
}

const results = [];
if (only !== "enrollment") {
  const built = await buildMembershipArtifacts({ depth: 20 });
  results.push(await compare("semaphore-20", await loadArtifacts(built.dir), membershipInputs(20)));
}
if (only !== "membership") {
  log("enrollment circuit (built and cached on first use: minutes) ...");
  const dir = argValue("enrollment-dir") ?? (await buildEnrollmentArtifacts({})).dir;
  results.push(await compare("enrollment", await loadArtifacts(dir), enrollmentInputs()));
}
const verification = process.argv.includes("--skip-verify") ? undefined : await benchVerification();
const devSetup = process.argv.includes("--skip-setup") ? undefined : await benchDevSetup();
await releaseSnarkjsCurves();

if (wantsJson) console.log(JSON.stringify({ proofs: PROOFS, results, verification, devSetup }, null, 2));
printTable(
  `Groth16 prove, warm, median of ${PROOFS} (same run, same machine)`,
  results.map((r) => ({
    circuit: r.circuit,
    "snarkjs ms": r.snarkjs.proveMs,
    "native ms": r.native.proveMs,
    "speedup ×": r.speedup,
    "witness ms snarkjs/native": `${r.snarkjs.witnessMs}/${r.native.witnessMs}`,
    "snarkjs RSS MB": r.snarkjs.peakRssMb,
    "native RSS MB": r.native.peakRssMb,
    "RSS native/snarkjs": r.rssRatio,
    "native MSM tables": `${r.nativeMsmTables.copies}× ${r.nativeMsmTables.tableMb} MB`,
  })),
);
if (verification)
  printTable("Groth16 verification, Semaphore depth 20 (per proof)", verifyRows(verification));
if (devSetup) printTable("Development setup, enrollment circuit", setupRows(devSetup));
