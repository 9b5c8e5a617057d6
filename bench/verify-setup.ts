/**
 * The verification and development-setup sections of `npm run bench:prover` (issue 10):
 * - single and batch(64) Groth16 verification per proof, native engine vs mcl-wasm, on real
 *   Semaphore depth-20 proofs, interleaved rounds, medians;
 * - development setup of the enrollment circuit (2^18), native (toxic waste straight to a .zkey)
 *   vs today's path (fresh development ptau + snarkjs zkey new + beacon), side by side.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { unpackGroth16Proof } from "@semaphore-protocol/proof";
import {
  buildEnrollmentArtifacts,
  Group,
  Identity,
  Membership,
  membershipPublicSignals,
  scopeOf,
} from "@zkpop/core";
import {
  type CompiledCircuit,
  circuitPower,
  ensureDevPtau,
  Groth16Verifier,
  type ProofItem,
  setupDevelopment,
} from "@zkpop/prover";
import { fmt, median, timeIt } from "./lib.js";

const log = (s: string) => !process.argv.includes("--json") && console.error(s);

/** Real membership proofs (DISTINCT of them), tiled to any batch size. */
async function membershipItems(
  distinct: number,
): Promise<{ vkey: Membership["verificationKey"]; items: ProofItem[] }> {
  const zk = await Membership.load({ depth: 20 });
  const ids = Array.from({ length: distinct }, (_, i) => new Identity(`bench verify member ${i}`));
  const group = new Group(ids.map((i) => i.commitment));
  const items: ProofItem[] = [];
  for (const [i, id] of ids.entries()) {
    const p = await zk.prove(id, group, scopeOf("bench.example", "verify"), BigInt(i));
    items.push({
      proof: unpackGroth16Proof(p.points as never) as never,
      publicSignals: membershipPublicSignals(p),
    });
  }
  await zk.close();
  return { vkey: zk.verificationKey, items };
}

export interface VerifyFigures {
  singleMs: { native: number; mcl: number; ratio: number };
  batch64PerProofMs: { native: number; mcl: number; ratio: number };
}

export async function benchVerification(distinct = 8, rounds = 5): Promise<VerifyFigures> {
  log("verification: making real membership proofs ...");
  const { vkey, items } = await membershipItems(distinct);
  const native = await Groth16Verifier.create(vkey, { engine: "native" });
  const mcl = await Groth16Verifier.create(vkey, { engine: "mcl" });
  const batch = Array.from({ length: 64 }, (_, i) => items[i % items.length]!);
  const single = { native: [] as number[], mcl: [] as number[] };
  const batched = { native: [] as number[], mcl: [] as number[] };
  log("verification: single and batch(64), interleaved ...");
  for (let r = 0; r < rounds; r++) {
    for (const [name, v] of [
      ["native", native],
      ["mcl", mcl],
    ] as const) {
      for (const it of items) {
        const { ms, value } = await timeIt(() => v.verify(it));
        if (!value) throw new Error(`${name}: a valid proof failed`);
        single[name].push(ms);
      }
      const { ms, value } = await timeIt(() => v.verifyBatch(batch));
      if (!value.allValid) throw new Error(`${name}: a valid batch failed`);
      batched[name].push(ms / batch.length);
    }
  }
  const pair = (x: { native: number[]; mcl: number[] }) => {
    const n = median(x.native);
    const m = median(x.mcl);
    return { native: fmt(n, 3), mcl: fmt(m, 3), ratio: fmt(m / n, 2) };
  };
  return { singleMs: pair(single), batch64PerProofMs: pair(batched) };
}

export interface SetupFigures {
  constraints: number;
  power: number;
  nativeS: number;
  snarkjsS: number;
  snarkjsPtauS: number;
  snarkjsPhase2S: number;
  ratio: number;
}

/** Both setups of the same compiled enrollment circuit, into throwaway folders (no cache hits). */
export async function benchDevSetup(): Promise<SetupFigures> {
  const { circuit } = await buildEnrollmentArtifacts();
  const compiled: CompiledCircuit = circuit.compiled;
  const tmp = await mkdtemp(path.join(tmpdir(), "zkpop-bench-devsetup-"));
  const copy = (name: string): CompiledCircuit => ({ ...compiled, dir: path.join(tmp, name) });
  try {
    log(`setup: native, ${compiled.info.nConstraints} constraints ...`);
    const native = await timeIt(() => setupDevelopment(copy("native"), { home: tmp, engine: "native" }));
    log("setup: today's path (development ptau, then snarkjs zkey new + beacon), minutes ...");
    const power = circuitPower(compiled.info);
    const ptau = await timeIt(() => ensureDevPtau(power, { home: tmp }));
    const phase2 = await timeIt(() => setupDevelopment(copy("snarkjs"), { home: tmp, engine: "snarkjs" }));
    const snarkjsMs = ptau.ms + phase2.ms;
    return {
      constraints: compiled.info.nConstraints,
      power,
      nativeS: fmt(native.ms / 1000, 2),
      snarkjsS: fmt(snarkjsMs / 1000, 1),
      snarkjsPtauS: fmt(ptau.ms / 1000, 1),
      snarkjsPhase2S: fmt(phase2.ms / 1000, 1),
      ratio: fmt(snarkjsMs / native.ms, 1),
    };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

export function verifyRows(v: VerifyFigures) {
  return [
    { what: "single verification, native (ms)", value: v.singleMs.native },
    { what: "single verification, mcl-wasm (ms)", value: v.singleMs.mcl },
    { what: "  native faster by", value: `${v.singleMs.ratio}×` },
    { what: "batch(64) per proof, native (ms)", value: v.batch64PerProofMs.native },
    { what: "batch(64) per proof, mcl-wasm (ms)", value: v.batch64PerProofMs.mcl },
    { what: "  native faster by", value: `${v.batch64PerProofMs.ratio}×` },
  ];
}

export function setupRows(s: SetupFigures) {
  return [
    { what: `enrollment circuit: ${s.constraints} constraints, 2^${s.power}`, value: "" },
    { what: "native development setup (s)", value: s.nativeS },
    { what: "today's path: ptau + zkey new + beacon (s)", value: s.snarkjsS },
    { what: "  of which the development ptau (s)", value: s.snarkjsPtauS },
    { what: "  native faster by", value: `${s.ratio}×` },
  ];
}
