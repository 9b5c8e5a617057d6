import type {
  EnrollmentCircuitInfo,
  EnrollmentManifest,
  MembershipCircuitInfo,
  MembershipProof,
  RegistryArtifacts,
} from "@zkpop/core";

// Response shapes of the zkpop server's /v1 API.

export interface GroupState {
  root: string | null;
  size: number;
  /** Depth of the tree as it is now (grows with the group). */
  treeDepth: number;
  /** The depth every proof must be made with (its merkleTreeDepth). */
  circuitDepth: number;
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
    /** The depth every proof must be made with. */
    circuitDepth: number;
    maxSize: number;
    rootValidityMs: number;
    scope: string;
  };
  circuits: { membership: MembershipCircuitInfo | null; enrollment: EnrollmentCircuitInfo | null };
  /** The files devices prove with, each at `/v1/artifacts/<sha256>`. */
  artifacts: RegistryArtifacts;
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

/** One API key of a relying service (never the key itself). */
export interface ServiceKeyRecord {
  id: string;
  rpId: string;
  createdAt: number;
  /** End of a retired key's grace period. */
  expiresAt: number | null;
  revokedAt: number | null;
}

export interface ProofRequest {
  action: string;
  proof: MembershipProof;
  message?: string;
}
