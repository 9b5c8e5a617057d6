// TEMPORARY, until the registry serves its artifacts itself (GET /v1/artifacts/{sha256}, listed
// in /v1/info under `artifacts`): serves the registry's own artifact files the same way, from
// the artifacts home it verifies with. Delete this file when that lands.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { buildEnrollmentArtifacts, buildMembershipArtifacts } from "@zkpop/core";
import { type ArtifactManifest, readManifest } from "@zkpop/prover";
import type { RequestHandler } from "express";

type Entry = { file: string; sha256: string; bytes: number; url: string };

export async function bridgeArtifacts(home?: string): Promise<{ list: object; serve: RequestHandler }> {
  const membership = await buildMembershipArtifacts({ home });
  const enrollment = await buildEnrollmentArtifacts({ home });
  const files = new Map<string, string>();
  const list = async (dir: string) => {
    const m: ArtifactManifest = await readManifest(dir);
    const out: Record<string, Entry> = {};
    for (const k of ["wasm", "zkey", "vkey"] as const) {
      const file = path.join(dir, m.files[k]);
      files.set(m.sha256[k], file);
      out[k] = {
        file: m.files[k],
        sha256: m.sha256[k],
        bytes: (await readFile(file)).length,
        url: `/v1/artifacts/${m.sha256[k]}`,
      };
    }
    return out;
  };
  const artifacts = {
    membership: await list(membership.dir),
    enrollment: await list(enrollment.dir),
  };
  const serve: RequestHandler = (req, res) => {
    const file = files.get(String(req.params.sha256));
    if (!file)
      return void res.status(404).json({ error: { code: "NOT_FOUND", message: "no such artifact" } });
    res.setHeader("cache-control", "public, max-age=31536000, immutable");
    res.sendFile(file);
  };
  return { list: artifacts, serve };
}
