import { buildMembershipArtifacts } from "@zkpop/core";
import { progressPrinter } from "./progress-printer.js";

/** `zkpop setup`: builds every artifact the project needs (idempotent), says where and of which kind. */
export async function setupCommand(opts: { depth: number; home?: string }): Promise<void> {
  const built = await buildMembershipArtifacts({
    depth: opts.depth,
    home: opts.home,
    onProgress: progressPrinter(),
  });
  const m = built.manifest;
  console.log(
    `membership circuit (Semaphore v4, depth ${built.depth}): ${m.circuit.constraints} constraints`,
  );
  console.log(`  artifacts: ${built.dir}${built.cached ? " (already built)" : ""}`);
  console.log(`  setup kind: ${m.setup.kind}`);
  console.log(`  verification key sha256: ${m.sha256.vkey}`);
  if (m.setup.kind === "development") {
    console.log(`\n  WARNING: ${m.setup.note}`);
    console.log(
      "  For production, run a phase-2 ceremony over a public powers of tau (see packages/prover/README.md).",
    );
  }
}
