import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ArtifactIntegrityError, ArtifactMissingError } from "./errors.js";
import { sha256Hex } from "./hash.js";
import type { VerificationKey } from "./vkey.js";

export type SetupKind = "development" | "production";

/** Everything that identifies a circuit's proving artifacts; `loadArtifacts` checks it before use. */
export interface ArtifactManifest {
  format: "zkpop-artifacts/1";
  name: string;
  createdAt: string;
  setup: {
    kind: SetupKind;
    /** Human-readable warning or provenance. */
    note: string;
    ptau: { power: number; sha256: string; source: string };
    contributions: Array<{ name: string; hash: string }>;
    beacon: { hash: string; iterationsExp: number };
  };
  circuit: {
    sourceHash: string;
    r1csSha256: string;
    constraints: number;
    nPublic: number;
    nWires: number;
    compiler: string;
    optimization: number;
  };
  /** File names relative to the manifest's folder. */
  files: { r1cs: string; wasm: string; zkey: string; vkey: string };
  sha256: { r1cs: string; wasm: string; zkey: string; vkey: string };
}

export const MANIFEST_FILE = "manifest.json";
export const DEVELOPMENT_NOTE =
  "DEVELOPMENT SETUP: single-party powers of tau and phase 2 made on this machine. Whoever ran it could forge proofs. Not for production.";

export interface LoadedArtifacts {
  dir: string;
  manifest: ArtifactManifest;
  wasm: Uint8Array;
  zkey: Uint8Array;
  vkey: VerificationKey;
}

export async function readManifest(dir: string): Promise<ArtifactManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  if (!existsSync(file))
    throw new ArtifactMissingError(`no artifact manifest at ${file}: run \`zkpop setup\` first`);
  const m = JSON.parse(await readFile(file, "utf8")) as ArtifactManifest;
  if (m.format !== "zkpop-artifacts/1")
    throw new ArtifactIntegrityError(`${file}: unknown manifest format ${String(m.format)}`);
  return m;
}

/** Loads wasm, proving key and verification key, refusing any file whose SHA-256 differs from the manifest. */
export async function loadArtifacts(dir: string): Promise<LoadedArtifacts> {
  const manifest = await readManifest(dir);
  const read = async (key: "wasm" | "zkey" | "vkey") => {
    const file = path.join(dir, manifest.files[key]);
    if (!existsSync(file)) throw new ArtifactMissingError(`missing ${key} file ${file}`);
    const bytes = await readFile(file);
    const actual = sha256Hex(bytes);
    if (actual !== manifest.sha256[key]) {
      throw new ArtifactIntegrityError(
        `${file}: sha256 ${actual} differs from the manifest's ${manifest.sha256[key]}`,
      );
    }
    return bytes;
  };
  const [wasm, zkey, vkeyBytes] = await Promise.all([read("wasm"), read("zkey"), read("vkey")]);
  return {
    dir,
    manifest,
    wasm,
    zkey,
    vkey: JSON.parse(new TextDecoder().decode(vkeyBytes)) as VerificationKey,
  };
}
