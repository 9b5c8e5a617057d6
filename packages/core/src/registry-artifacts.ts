import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  ArtifactIntegrityError,
  type ArtifactManifest,
  ArtifactMissingError,
  artifactsHome,
  type ProgressFn,
} from "@zkpop/prover";
import type { RegistryArtifact, RegistryArtifacts } from "./registry-format.js";

// A device proves with the registry's keys, not its own: development keys come from a random
// beacon, so keys built on the device would be refused. The files are fetched by SHA-256 from
// the registry (GET /v1/info lists them), every byte checked, and cached on disk by hash.

/** Where registry files come from and where they are cached. */
export interface RegistryOptions {
  /** The registry's base URL, e.g. "https://registry.example" (no /v1). */
  registry: string;
  /** Cache root (default `./.zkpop` or `$ZKPOP_HOME`); files go to `<home>/registry/`. */
  home?: string;
  onProgress?: ProgressFn;
  /** Injected fetch (default globalThis.fetch). */
  fetch?: typeof fetch;
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** GET /v1/info of the registry (what it verifies, and the files to prove with). */
export async function registryInfo(
  o: Pick<RegistryOptions, "registry" | "fetch">,
): Promise<{ artifacts?: RegistryArtifacts; circuits?: { membership?: { depth: number } | null } }> {
  const url = `${o.registry.replace(/\/+$/, "")}/v1/info`;
  let res: Response;
  try {
    res = await (o.fetch ?? fetch)(url, { headers: { accept: "application/json" } });
  } catch (err) {
    throw new ArtifactMissingError(`cannot reach the registry at ${url}: ${(err as Error).message}`);
  }
  if (!res.ok) throw new ArtifactMissingError(`${url} answered HTTP ${res.status}`);
  return (await res.json()) as Awaited<ReturnType<typeof registryInfo>>;
}

/**
 * Downloads (or finds in the cache) the registry's files for one circuit, checks each one's
 * SHA-256 against /v1/info and against the circuit's manifest, and returns the folder, laid
 * out as `loadArtifacts` / `Enrollment.fromDir` read it. Refuses any file whose bytes differ.
 */
export async function fetchRegistryArtifacts(
  o: RegistryOptions & { circuit: "membership" | "enrollment" },
): Promise<string> {
  const base = o.registry.replace(/\/+$/, "");
  const listing = (await registryInfo(o)).artifacts?.[o.circuit];
  if (!listing)
    throw new ArtifactMissingError(`the registry at ${base} serves no ${o.circuit} artifacts (GET /v1/info)`);
  // The manifest's hash names the folder: another key at the registry is another folder.
  const dir = path.join(
    artifactsHome(o.home),
    "registry",
    `${o.circuit}-${listing.manifest.sha256.slice(0, 16)}`,
  );
  await mkdir(dir, { recursive: true });

  const get = async (a: RegistryArtifact): Promise<Uint8Array> => {
    const file = path.join(dir, path.basename(a.file));
    if (existsSync(file)) {
      const cached = await readFile(file);
      if (sha256(cached) === a.sha256) return cached;
    }
    const url = new URL(a.url, `${base}/`).toString();
    o.onProgress?.({ stage: "download", message: `${o.circuit}: ${a.file} (${a.bytes} bytes) from ${url}` });
    let res: Response;
    try {
      res = await (o.fetch ?? fetch)(url);
    } catch (err) {
      throw new ArtifactMissingError(`cannot download ${url}: ${(err as Error).message}`);
    }
    if (!res.ok) throw new ArtifactMissingError(`${url} answered HTTP ${res.status}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const actual = sha256(bytes);
    if (actual !== a.sha256)
      throw new ArtifactIntegrityError(
        `${url}: the download's SHA-256 is ${actual}, the registry lists ${a.sha256} for ${a.file}: refused (nothing was stored)`,
      );
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, file); // atomic: a reader never sees half a file
    return bytes;
  };

  const manifest = JSON.parse(new TextDecoder().decode(await get(listing.manifest))) as ArtifactManifest;
  for (const key of ["wasm", "zkey", "vkey"] as const) {
    const a = listing[key];
    if (manifest.sha256[key] !== a.sha256 || path.basename(manifest.files[key]) !== path.basename(a.file))
      throw new ArtifactIntegrityError(
        `the registry's ${o.circuit} manifest names ${manifest.files[key]} (${manifest.sha256[key]}), its listing ${a.file} (${a.sha256})`,
      );
    if (manifest.files[key] !== path.basename(manifest.files[key]))
      throw new ArtifactIntegrityError(
        `the registry's manifest names a file outside its folder: ${manifest.files[key]}`,
      );
  }
  const rest: Array<RegistryArtifact | undefined> = [
    listing.wasm,
    listing.zkey,
    listing.vkey,
    listing.enrollment,
  ];
  if (o.circuit === "enrollment" && !listing.enrollment)
    throw new ArtifactMissingError(`the registry at ${base} lists no enrollment manifest`);
  for (const a of rest) if (a) await get(a);
  return dir;
}
