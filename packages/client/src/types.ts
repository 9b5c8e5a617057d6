import type {
  EnrollmentCircuitInfo,
  EnrollmentManifest,
  MembershipCircuitInfo,
  MembershipProof,
  RegistryArtifacts,
} from "@zkpop/core";

// Response shapes of the zkpop server's /v1 API.

/** GET /v1/group: the group's current root and size, and the depths that matter for proofs. */
export interface GroupState {
  root: string | null;
  size: number;
  /** Depth of the tree as it is now (grows with the group). */
  treeDepth: number;
  /** The depth every proof must be made with (its merkleTreeDepth). */
  circuitDepth: number;
}

/** GET /v1/group/members: one page of identity commitments in leaf order, and where the next starts. */
export interface MembersPage {
  root: string | null;
  size: number;
  from: number;
  members: string[];
  next: number | null;
}

export type { EnrollmentCircuitInfo, MembershipCircuitInfo };

/** GET /v1/info: what the registry verifies (circuits, files, model), its rules and trusted attesters. */
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

/** POST /v1/enroll: where the new member went in the group. */
export interface EnrollResult {
  /** The new member's leaf index in the group. */
  index: number;
  /** The group root after the insert. */
  root: string;
}

/** POST /v1/verify: a valid proof's public values, and whether its nullifier was already consumed. */
export interface VerifyResult {
  valid: true;
  scope: string;
  nullifier: string;
  message: string;
  /** Whether this nullifier was already consumed in this scope. */
  nullifierUsed: boolean;
}

/** POST /v1/consume: the proof's public values, and whether this call was the first use of its nullifier. */
export interface ConsumeResult {
  consumed: true;
  scope: string;
  nullifier: string;
  message: string;
  /** false when this was a retry of the very same proof (idempotent). */
  firstUse: boolean;
}

/** A capture station whose signatures the registry trusts (until revoked). */
export interface AttesterRecord {
  id: string;
  publicKey: [string, string];
  label: string;
  createdAt: number;
  revokedAt: number | null;
}

/** A relying service registered with the registry (its rpId is the first part of its scopes). */
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

/** Body of POST /v1/verify and /v1/consume: the action (the scope's second part), the proof and, optionally, the message it must carry. */
export interface ProofRequest {
  action: string;
  proof: MembershipProof;
  message?: string;
}
