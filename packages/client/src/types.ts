import type {
  EnrollmentCircuitInfo,
  EnrollmentManifest,
  MembershipCircuitInfo,
  MembershipProof,
} from "@zkpop/core";

// Response shapes of the zkpop server's /v1 API.

export interface GroupState {
  root: string | null;
  size: number;
  depth: number;
}

export interface MembersPage {
  root: string | null;
  size: number;
  from: number;
  members: string[];
  next: number | null;
}

export type { EnrollmentCircuitInfo, MembershipCircuitInfo };

export interface ServerInfo {
  version: string;
  group: GroupState;
  groupParameters: {
    tree: string;
    hash: string;
    maxDepth: number | null;
    maxSize: number | null;
    rootValidityMs: number;
    scope: string;
  };
  circuits: { membership: MembershipCircuitInfo | null; enrollment: EnrollmentCircuitInfo | null };
  /** The enrollment circuit's face model (hash, crop size, embedding size). */
  modelManifest: EnrollmentManifest["model"] | null;
  dedupThreshold: number;
  captureFreshnessMs: number;
  attesters: Array<{ id: string; publicKey: [string, string]; label: string }>;
}

export interface EnrollResult {
  /** The new member's leaf index in the group. */
  index: number;
  /** The group root after the insert. */
  root: string;
}

export interface VerifyResult {
  valid: true;
  scope: string;
  nullifier: string;
  message: string;
  /** Whether this nullifier was already consumed in this scope. */
  nullifierUsed: boolean;
}

export interface ConsumeResult {
  consumed: true;
  scope: string;
  nullifier: string;
  message: string;
  /** false when this was a retry of the very same proof (idempotent). */
  firstUse: boolean;
}

export interface AttesterRecord {
  id: string;
  publicKey: [string, string];
  label: string;
  createdAt: number;
  revokedAt: number | null;
}

export interface ServiceRecord {
  rpId: string;
  name: string;
  createdAt: number;
  revokedAt: number | null;
}

export interface ProofRequest {
  action: string;
  proof: MembershipProof;
  message?: string;
}
