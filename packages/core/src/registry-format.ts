// What a registry publishes about the files a device proves with (`GET /v1/info`, `artifacts`).
// The files are served at `url` (relative to the registry's base URL), addressed by SHA-256.

/** One file a device downloads from the registry. */
export interface RegistryArtifact {
  /** File name the circuit's manifest gives it (the device stores it under this name). */
  file: string;
  /** SHA-256 of the bytes, lower-case hex: the device refuses any other bytes. */
  sha256: string;
  bytes: number;
  /** `/v1/artifacts/<sha256>`, relative to the registry's base URL. */
  url: string;
}

/** Files of one circuit: its artifact manifest, witness generator, proving and verification key. */
export interface RegistryCircuitArtifacts {
  manifest: RegistryArtifact;
  wasm: RegistryArtifact;
  zkey: RegistryArtifact;
  vkey: RegistryArtifact;
  /** Enrollment only: the enrollment manifest (model, quantisation, LSH) proofs name by id. */
  enrollment?: RegistryArtifact;
}

/** The files of both circuits a registry serves (`null` for a circuit it does not verify). */
export interface RegistryArtifacts {
  membership: RegistryCircuitArtifacts | null;
  enrollment: RegistryCircuitArtifacts | null;
}
