import * as snarkjs from "snarkjs";
import type { ProofItem, VerificationKey } from "./vkey.js";

/** snarkjs' own `groth16.verify`: the reference our verifier is tested and benchmarked against. */
export async function snarkjsVerify(vkey: VerificationKey, item: ProofItem): Promise<boolean> {
  return snarkjs.groth16.verify(vkey, item.publicSignals, item.proof);
}

/** snarkjs caches a curve with worker threads on globalThis; stop them so a CLI can exit. */
export async function releaseSnarkjsCurves(): Promise<void> {
  const g = globalThis as unknown as Record<string, { terminate?: () => Promise<void> } | undefined>;
  for (const key of ["curve_bn128", "curve_bls12381"]) {
    await g[key]?.terminate?.();
    delete g[key];
  }
}
