import { readFile, writeFile } from "node:fs/promises";
import type { CompiledCircuit } from "./compile.js";
import { nativeAddon } from "./engine.js";
import { SetupError } from "./errors.js";
import type { ProgressFn } from "./progress.js";

/** What a native development key's manifest records in place of a powers-of-tau file. */
export const NATIVE_DEV_SOURCE =
  "none: native development setup (tau, alpha, beta, gamma, delta drawn from the OS CSPRNG in one process, then wiped)";

/** What the addon's devSetup resolves to (native/src/setup_binding.cpp). */
export interface NativeDevSetupResult {
  zkey: Uint8Array;
  nVars: number;
  nPublic: number;
  nConstraints: number;
  domainSize: number;
}
export type NativeDevSetup = (
  r1cs: Uint8Array,
  onProgress?: (stage: string, done: number) => void,
) => Promise<NativeDevSetupResult>;

/**
 * Writes a development .zkey for the circuit straight from toxic waste, on the native engine:
 * every proving-key point is a fixed-base multiple of a generator, in snarkjs' format.
 */
export async function writeNativeDevZkey(
  compiled: CompiledCircuit,
  zkeyPath: string,
  onProgress?: ProgressFn,
): Promise<void> {
  const addon = nativeAddon();
  if (!addon) throw new SetupError("the native engine is not built: cannot run a native development setup");
  onProgress?.({
    stage: "setup",
    message: `${compiled.name}: native development setup (${compiled.info.nConstraints} constraints, no powers of tau)`,
  });
  const r1cs = await readFile(compiled.r1csPath);
  let result: NativeDevSetupResult;
  try {
    result = await addon.devSetup(r1cs, (stage, done) =>
      onProgress?.({
        stage: "setup",
        message: `native setup: ${stage}`,
        done: Math.round(done * 100),
        total: 100,
      }),
    );
  } catch (e) {
    throw new SetupError(`native development setup of ${compiled.name} failed: ${(e as Error).message}`);
  }
  await writeFile(zkeyPath, result.zkey);
}
