import type { MembershipProof } from "@zkpop/core";

// Messages between the server and its verifier processes (IPC, JSON).

export type ToChild =
  | { type: "init"; dir: string; depth: number }
  | { type: "batch"; id: number; proofs: MembershipProof[] };

export type FromChild =
  | { type: "ready" }
  | { type: "result"; id: number; invalid: number[] }
  | { type: "error"; id?: number; message: string };
