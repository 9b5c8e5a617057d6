import type { Groth16Proof } from "@zkpop/prover"; // a type only: nothing of the prover is bundled

/** One file a circuit needs, as a registry lists it: where, and the SHA-256 it must have. */
export interface ArtifactRef {
  url: string;
  /** 64 lower-case hex digits. */
  sha256: string;
  /** Announced size, for progress before the response says it. */
  bytes?: number;
}

/** What the worker needs to prove with one circuit: its witness generator and proving key. */
export interface CircuitArtifacts {
  /** A name the page uses to ask for proofs (e.g. "membership", "enrollment"). */
  name: string;
  wasm: ArtifactRef;
  zkey: ArtifactRef;
}

/** Progress of loading or proving, for bars: byte counts while downloading, steps while proving. */
export interface Progress {
  stage: "download" | "witness" | "prove" | "done";
  done?: number;
  total?: number;
  message?: string;
}

export interface ArtifactReport {
  sha256: string;
  bytes: number;
  /** True when the file came from Cache Storage: nothing was downloaded. */
  fromCache: boolean;
}

export type ToWorker =
  | { type: "load"; id: number; circuit: CircuitArtifacts; cacheName: string; singleThread: boolean }
  | { type: "prove"; id: number; circuit: string; input: Record<string, unknown> };

export type FromWorker =
  | { type: "progress"; id: number; progress: Progress }
  | { type: "loaded"; id: number; artifacts: ArtifactReport[] }
  | {
      type: "proved";
      id: number;
      proof: Groth16Proof;
      publicSignals: string[];
      witnessMs: number;
      proveMs: number;
    }
  | { type: "failed"; id: number; code: string; message: string };
