import { buildEnrollmentArtifacts, buildMembershipArtifacts } from "@zkpop/core";
import { describeEngine } from "@zkpop/prover";
import { progressPrinter } from "./progress-printer.js";

/**
 * `zkpop setup`: builds every artifact the project needs (idempotent): the membership circuit
 * and the enrollment circuit, each compiled and set up; says where and of which kind.
 */
export async function setupCommand(opts: { depth: number; home?: string }): Promise<void> {
  console.log(describeEngine());
  const onProgress = progressPrinter();
  const built = await buildMembershipArtifacts({ depth: opts.depth, home: opts.home, onProgress });
  const m = built.manifest;
  console.log(
    `membership circuit (Semaphore v4, depth ${built.depth}): ${m.circuit.constraints} constraints`,
  );
  console.log(`  artifacts: ${built.dir}${built.cached ? " (already built)" : ""}`);
  console.log(`  setup kind: ${m.setup.kind}`);
  console.log(`  verification key sha256: ${m.sha256.vkey}`);

  console.log("enrollment circuit (first run: compile + 2^18 setup, a few minutes) ...");
  const e = await buildEnrollmentArtifacts({ home: opts.home, onProgress });
  const em = e.manifest;
  console.log(
    `enrollment circuit ${e.id}: ${em.circuit.constraints} constraints, model ${em.model.sha256.slice(0, 12)}…, ` +
      `L=${em.lsh.tables} k=${em.lsh.bits} seed "${em.lsh.seed}"`,
  );
  console.log(`  artifacts: ${e.dir}${e.cached ? " (already built)" : ""}`);
  console.log(`  setup kind: ${em.setup.kind}`);
  console.log(`  verification key sha256: ${em.vkeySha256}`);
  if (m.setup.kind === "development" || em.setup.kind === "development") {
    console.log(`\n  WARNING: ${m.setup.note}`);
    console.log(
      "  For production, run a phase-2 ceremony over a public powers of tau (see packages/prover/README.md).",
    );
  }
}
