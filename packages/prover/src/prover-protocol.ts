import type { ErrorCode } from "@zkpop/errors";
import type { Groth16Proof } from "./vkey.js";

/** Messages between a Prover and its child process. */
export type ToWorker =
  | { type: "load"; engine: "snarkjs"; wasm: Uint8Array; zkey: Uint8Array }
  /** The native engine maps the key from its file (checked against the manifest's hash). */
  | { type: "load"; engine: "native"; wasm: Uint8Array; zkeyFile: string; zkeySha256: string }
  | { type: "prove"; id: number; input: Record<string, unknown> };

export type FromWorker =
  | { type: "loaded" }
  | { type: "loadFailed"; code: ErrorCode; message: string }
  | { type: "progress"; id: number; stage: "witness" | "prove" }
  | {
      type: "proved";
      id: number;
      proof: Groth16Proof;
      publicSignals: string[];
      witnessMs: number;
      proveMs: number;
      /** Peak resident memory of the proving process so far, in bytes. */
      maxRssBytes: number;
    }
  | { type: "failed"; id: number; code: ErrorCode; message: string };
