import { Membership, type MembershipProof } from "@zkpop/core";
import type { MembershipVerifier, MembershipVerifierInfo } from "../verifiers.js";
import { MicroBatcher } from "./batcher.js";
import { VerifierPool } from "./pool.js";

/** The membership verifier: depth, artifact home, engine, processes and micro-batching. */
export interface MembershipVerifierOptions {
  /** Circuit depth (groups up to 2^depth members); must match the holders' circuit. */
  depth: number;
  /** Artifact cache (default $ZKPOP_HOME or ./.zkpop); built on first use when missing. */
  home?: string;
  /** Verifier processes; 0 verifies on the main thread (small deployments, tests). */
  processes: number;
  /** "snarkjs": one snarkjs groth16.verify per proof on the main thread (reference, baseline). */
  engine?: "batch" | "snarkjs";
  /** Micro-batching window and cap; windowMs 0 + maxBatch 1 is one verify per request. */
  windowMs: number;
  maxBatch: number;
}

/**
 * The real membership pairing check: requests that arrive together are verified as one batch
 * (one final exponentiation) in a pool of verifier processes. A bad proof fails only itself.
 */
export async function createMembershipVerifier(o: MembershipVerifierOptions): Promise<MembershipVerifier> {
  const membership = await Membership.load({ depth: o.depth, home: o.home });
  const reference = o.engine === "snarkjs";
  const pool =
    o.processes > 0 && !reference
      ? await VerifierPool.start({ dir: membership.artifacts.dir, depth: o.depth, size: o.processes })
      : undefined;
  const run = reference
    ? (proofs: MembershipProof[]) =>
        Promise.all(proofs.map((p) => membership.verifyReference(p).catch(() => false)))
    : pool
      ? (proofs: MembershipProof[]) => pool.verify(proofs)
      : async (proofs: MembershipProof[]) => {
          const bad = new Set(membership.verifyBatch(proofs).invalid);
          return proofs.map((_, i) => !bad.has(i));
        };
  const batcher = new MicroBatcher<MembershipProof, boolean>({
    windowMs: o.windowMs,
    maxSize: o.maxBatch,
    concurrency: Math.max(1, o.processes),
    run,
  });
  const m = membership.artifacts.manifest;
  const info: MembershipVerifierInfo = {
    circuit: m.name,
    depth: o.depth,
    protocol: "groth16",
    curve: "bn128",
    setup: m.setup.kind,
    setupNote: m.setup.note,
    constraints: m.circuit.constraints,
    nPublic: m.circuit.nPublic,
    sourceHash: m.circuit.sourceHash,
    sha256: { ...m.sha256 },
  };
  return {
    depth: o.depth,
    info: () => info,
    artifactsDir: membership.artifacts.dir,
    verify: (proof) => batcher.submit(proof),
    onBatch: (fn) => {
      batcher.onBatch = fn;
    },
    close: async () => {
      await pool?.close();
      await membership.close();
    },
  };
}
