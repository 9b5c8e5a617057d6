import { stat } from "node:fs/promises";
import path from "node:path";
import type { RegistryArtifact, RegistryArtifacts, RegistryCircuitArtifacts } from "@zkpop/core";
import { readManifest, sha256File } from "@zkpop/prover";

// The files devices prove with, served by SHA-256 (GET /v1/artifacts/<sha256>) and listed in
// /v1/info. Hashed from the bytes on disk at startup, so a URL always names what it serves.

const ENROLLMENT_MANIFEST_FILE = "enrollment.json";

export interface ServedArtifact extends RegistryArtifact {
  /** Where the bytes are (never sent). */
  path: string;
  mediaType: string;
}

export interface ArtifactCatalog {
  /** What /v1/info lists. */
  listing: RegistryArtifacts;
  byHash: ReadonlyMap<string, ServedArtifact>;
}

const mediaType = (file: string) =>
  file.endsWith(".wasm")
    ? "application/wasm"
    : file.endsWith(".json")
      ? "application/json"
      : "application/octet-stream";

async function served(dir: string, file: string): Promise<ServedArtifact> {
  const p = path.join(dir, file);
  const [sha256, info] = await Promise.all([sha256File(p), stat(p)]);
  return {
    file,
    sha256,
    bytes: info.size,
    url: `/v1/artifacts/${sha256}`,
    path: p,
    mediaType: mediaType(file),
  };
}

async function circuitFiles(dir: string, withEnrollment: boolean): Promise<Record<string, ServedArtifact>> {
  const m = await readManifest(dir);
  const entries = await Promise.all([
    served(dir, "manifest.json"),
    served(dir, m.files.wasm),
    served(dir, m.files.zkey),
    served(dir, m.files.vkey),
    ...(withEnrollment ? [served(dir, ENROLLMENT_MANIFEST_FILE)] : []),
  ]);
  const [manifest, wasm, zkey, vkey, enrollment] = entries as [
    ServedArtifact,
    ServedArtifact,
    ServedArtifact,
    ServedArtifact,
    ServedArtifact?,
  ];
  return { manifest, wasm, zkey, vkey, ...(enrollment ? { enrollment } : {}) };
}

const publicView = (files: Record<string, ServedArtifact>): RegistryCircuitArtifacts =>
  Object.fromEntries(
    Object.entries(files).map(([k, { file, sha256, bytes, url }]) => [k, { file, sha256, bytes, url }]),
  ) as unknown as RegistryCircuitArtifacts;

/** Catalog of the artifact folders of the verifiers in use (a folder may be absent: tests). */
export async function artifactCatalog(dirs: {
  membership?: string;
  enrollment?: string;
}): Promise<ArtifactCatalog> {
  const membership = dirs.membership ? await circuitFiles(dirs.membership, false) : undefined;
  const enrollment = dirs.enrollment ? await circuitFiles(dirs.enrollment, true) : undefined;
  const byHash = new Map<string, ServedArtifact>();
  for (const files of [membership, enrollment])
    for (const a of Object.values(files ?? {})) byHash.set(a.sha256, a);
  return {
    listing: {
      membership: membership ? publicView(membership) : null,
      enrollment: enrollment ? publicView(enrollment) : null,
    },
    byHash,
  };
}
