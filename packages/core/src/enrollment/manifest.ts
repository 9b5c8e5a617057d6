import type { EnrollCircuit } from "@zkpop/enroll-circuit";
import { type ArtifactManifest, sha256Hex } from "@zkpop/prover";
import type { EnrollmentManifest } from "./format.js";

/** The manifest of a built enrollment circuit and its (already set-up) artifacts. */
export function enrollmentManifest(e: EnrollCircuit, artifacts: ArtifactManifest): EnrollmentManifest {
  const side = Math.round(Math.sqrt(e.pixels));
  const L = e.lsh.tables;
  return {
    format: "zkpop-enrollment/1",
    model: { sha256: e.modelSha256, crop: { width: side, height: side }, embeddingDim: e.lsh.dim },
    quantisation: { sha256: e.quantisationSha256 },
    lsh: {
      seed: e.lsh.seed,
      tables: L,
      bits: e.lsh.bits,
      hyperplanesSha256: sha256Hex(JSON.stringify(e.planes)),
      // Only when set, so the plain circuit's manifest (and id) stay as they were.
      ...(e.probe ? { probe: { scheme: "least-confident" as const, flipped: 1 as const } } : {}),
    },
    tagDomain: e.domain.toString(),
    circuit: {
      name: artifacts.name,
      sourceHash: artifacts.circuit.sourceHash,
      r1csSha256: artifacts.circuit.r1csSha256,
      constraints: artifacts.circuit.constraints,
      nPublic: artifacts.circuit.nPublic,
    },
    setup: { kind: artifacts.setup.kind, note: artifacts.setup.note },
    vkeySha256: artifacts.sha256.vkey,
    publicSignals: [
      ...Array.from({ length: L }, (_, i) => `tags[${i}]`),
      ...(e.probe ? Array.from({ length: L }, (_, i) => `probes[${i}]`) : []),
      "identityCommitment",
      "capturedAt",
      "attesterAx",
      "attesterAy",
    ],
  };
}

/** The manifest id: SHA-256 of its canonical JSON (keys in the order written above). */
export function enrollmentManifestId(m: EnrollmentManifest): string {
  return sha256Hex(JSON.stringify(m));
}
