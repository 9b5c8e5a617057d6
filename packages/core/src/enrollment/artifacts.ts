import { existsSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  buildEnrollCircuit,
  defaultEnrollCircuitOptions,
  type EnrollCircuit,
  type EnrollCircuitOptions,
} from "@zkpop/enroll-circuit";
import { type ProgressFn, setupDevelopment } from "@zkpop/prover";
import type { EnrollmentManifest } from "./format.js";
import { enrollmentManifest, enrollmentManifestId } from "./manifest.js";

/** File name of the enrollment manifest beside the circuit's keys (served to devices too). */
export const ENROLLMENT_MANIFEST_FILE = "enrollment.json";

/** Where the enrollment circuit is built and cached, and which circuit (the default one unless `circuit`). */
export interface EnrollmentArtifactOptions {
  /** Artifact cache root (default `./.zkpop` or `$ZKPOP_HOME`). */
  home?: string;
  onProgress?: ProgressFn;
  /** Another model or LSH setting than the default (a different circuit and key). */
  circuit?: Omit<EnrollCircuitOptions, "home" | "onProgress">;
}

/** A built enrollment circuit: its keys' folder, its manifest and the manifest's id. */
export interface EnrollmentArtifacts {
  circuit: EnrollCircuit;
  /** Folder of the proving artifacts (wasm, zkey, vkey, manifest.json, enrollment.json). */
  dir: string;
  manifest: EnrollmentManifest;
  id: string;
  /** True when the keys were already there (nothing was set up this time). */
  cached: boolean;
}

/**
 * Generates, compiles and sets up (development) the enrollment circuit, all cached by content:
 * the first run on a machine takes minutes (compiling, and a 2^18 development setup), later runs seconds.
 * Writes enrollment.json beside the keys so that operators can read what they verify against.
 */
export async function buildEnrollmentArtifacts(
  opts: EnrollmentArtifactOptions = {},
): Promise<EnrollmentArtifacts> {
  const spec = opts.circuit ?? defaultEnrollCircuitOptions();
  const circuit = await buildEnrollCircuit({ ...spec, home: opts.home, onProgress: opts.onProgress });
  const setup = await setupDevelopment(circuit.compiled, { home: opts.home, onProgress: opts.onProgress });
  const manifest = enrollmentManifest(circuit, setup.manifest);
  const file = path.join(setup.dir, ENROLLMENT_MANIFEST_FILE);
  const json = `${JSON.stringify(manifest, null, 2)}\n`;
  if (!existsSync(file) || (await readFile(file, "utf8")) !== json) {
    await writeFile(`${file}.${process.pid}.tmp`, json);
    await rename(`${file}.${process.pid}.tmp`, file); // atomic: readers never see half a file
  }
  return { circuit, dir: setup.dir, manifest, id: enrollmentManifestId(manifest), cached: setup.cached };
}
