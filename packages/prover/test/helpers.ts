import {
  compileCircuit,
  type Groth16Proof,
  type LoadedArtifacts,
  loadArtifacts,
  setupDevelopment,
} from "@zkpop/prover";
import { circomlib, rangeMultiplier } from "../../../test/fixtures.js";

/** The small range-checked multiplier, compiled and set up (cached by the global setup). */
export async function multiplier(): Promise<LoadedArtifacts & { r1csPath: string }> {
  const compiled = await compileCircuit({ source: rangeMultiplier, includePaths: [circomlib] });
  const { dir } = await setupDevelopment(compiled);
  return { ...(await loadArtifacts(dir)), r1csPath: compiled.r1csPath };
}

export const clone = <T>(x: T): T => structuredClone(x);

/** The proof with pi_a replaced by 2·pi_a's neighbour: a valid curve point, a wrong proof. */
export function withSwappedA(proof: Groth16Proof, other: Groth16Proof): Groth16Proof {
  return { ...clone(proof), pi_a: clone(other.pi_a) };
}
