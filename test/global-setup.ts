import { buildEnrollmentArtifacts, buildMembershipArtifacts } from "@zkpop/core";
import { compileCircuit, describeEngine, releaseSnarkjsCurves, setupDevelopment } from "@zkpop/prover";
import { enrollmentFixtures } from "./enrollment-fixtures.js";
import { circomlib, rangeMultiplier } from "./fixtures.js";

/** Builds (or finds cached) every circuit the tests use, once, before the test files run in parallel. */
export default async function setup(): Promise<void> {
  const started = Date.now();
  const log = (p: { stage: string; message?: string }) => {
    if (p.message && !p.message.startsWith("\t"))
      process.stdout.write(
        `[setup ${Math.round((Date.now() - started) / 1000)}s] ${p.stage}: ${p.message}\n`,
      );
  };
  // Which engine makes the keys and proofs (ZKPOP_ENGINE=snarkjs forces the fallback).
  process.stdout.write(`[setup] ${describeEngine()}\n`);
  const rm = await compileCircuit({ source: rangeMultiplier, includePaths: [circomlib], onProgress: log });
  await setupDevelopment(rm, { onProgress: log });
  await buildMembershipArtifacts({ depth: 20, onProgress: log });
  // The enrollment circuit (~197 k constraints, 2^18): minutes on a fresh machine, cached after.
  await buildEnrollmentArtifacts({ onProgress: log });
  log({ stage: "fixtures", message: "real enrollment proofs for the server tests (cached)" });
  await enrollmentFixtures();
  await releaseSnarkjsCurves(); // snarkjs' worker threads would keep vitest from exiting
}
