import { ZkpopError } from "@zkpop/errors";
// The one storage interface both backends implement (SQLite embedded, Postgres for replicas).
// Values that are field elements travel as canonical decimal strings; timestamps as epoch ms.

/** A member as stored: leaf index, identity commitment and when it was added. */
export interface MemberRecord {
  /** Leaf index in the group tree: dense, starting at 0, in insertion order. */
  index: number;
  identityCommitment: string;
  createdAt: number;
}

/** A group root as stored, with the size it had and when it was superseded. */
export interface RootRecord {
  root: string;
  /** Group size (leaf count) that produced this root. */
  size: number;
  createdAt: number;
  /** When the next member replaced this root; null while it is the current root. */
  supersededAt: number | null;
}

/** A trusted attester as stored. */
export interface AttesterRecord {
  /** Short stable id derived from the key, used in admin URLs. */
  id: string;
  /** Baby Jubjub public key [Ax, Ay] as canonical decimal field elements. */
  publicKey: readonly [string, string];
  label: string;
  createdAt: number;
  revokedAt: number | null;
}

/** A relying service as stored. */
export interface RelyingServiceRecord {
  rpId: string;
  name: string;
  createdAt: number;
  revokedAt: number | null;
}

/** One API key of a relying service (the key itself is never stored, only its SHA-256). */
export interface ApiKeyRecord {
  /** Public id of the key (first 16 hex digits of its hash), for admin URLs and logs. */
  id: string;
  rpId: string;
  createdAt: number;
  /** End of the grace period of a retired key; null while it has none. */
  expiresAt: number | null;
  revokedAt: number | null;
}

/** What adding an API key did: added, or why not. */
export type AddApiKeyOutcome =
  | { kind: "added"; key: ApiKeyRecord }
  | { kind: "unknown_service" }
  | { kind: "service_revoked" }
  /** The service already holds `maxActive` keys that are neither revoked nor expired. */
  | { kind: "too_many_keys"; active: number };

/** A new API key (its hash) for a service, with the rotation rule. */
export interface AddApiKeyInput {
  rpId: string;
  keyHash: string;
  /** Active keys a service may hold at once, the new one included (2: rotation). */
  maxActive: number;
  /** When given, every other active key of the service expires then (unless sooner already). */
  retireOthersAt?: number;
}

/**
 * The caller's in-memory tree, driven from inside the serialised insert section so that the
 * root written with a member is the root of exactly the stored members up to it.
 * Must be synchronous: it runs inside an open transaction.
 */
export interface TreeCursor {
  /** Leaves the caller's tree currently holds. */
  size(): number;
  /** Root of the leaves held now (undefined while empty). */
  root(): string | undefined;
  /** Append these members (index order, contiguous from size()) and return the new root. */
  append(members: readonly MemberRecord[]): string;
}

/** A member to insert, with the tag hashes the m-of-L duplicate rule compares. */
export interface InsertMemberInput {
  identityCommitment: string;
  /** HMAC-SHA256(pepper, tag) hex, one per tag position, L in all (none: admin-added member). */
  tagHashes: readonly string[];
  /** m: a stored member sharing at least this many tag hashes makes it a duplicate. */
  duplicateThreshold: number;
}

/** What inserting a member did: inserted, refused as a duplicate person, or already a member. */
export type InsertMemberOutcome =
  | { kind: "inserted"; member: MemberRecord; root: string }
  | { kind: "duplicate_person"; matchedTags: number }
  | { kind: "already_member"; index: number };

/** What consuming a nullifier did: first use, the same proof again, or a second use. */
export type ConsumeOutcome = "inserted" | "idempotent" | "conflict";

/** A nullifier to consume in a scope, with its proof's hash (to tell a retry from a reuse). */
export interface NullifierInput {
  scope: string;
  nullifier: string;
  /** Hash of the whole proof: same hash again is a retry, another hash is a second use. */
  proofHash: string;
}

/** The registry's storage (SQLite or Postgres): members and roots, attesters, services and keys, nullifiers. */
export interface Storage {
  readonly kind: "sqlite" | "postgres";

  /** Applies pending migrations (idempotent, safe when several replicas start together). */
  migrate(): Promise<void>;
  /** Cheap round trip for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;

  // --- group ---------------------------------------------------------------------------
  /**
   * One transaction, serialised across every writer of the database: refuses an already
   * enrolled commitment or a duplicate person (m-of-L tags shared with one stored member),
   * otherwise catches the cursor up on members others inserted, appends the new member,
   * stores member + tag hashes + new root and supersedes the previous root.
   */
  insertMember(input: InsertMemberInput, tree: TreeCursor): Promise<InsertMemberOutcome>;
  /** Members with index >= fromIndex, in index order (tree rebuild, catch-up, paging). */
  listMembers(fromIndex: number, limit: number): Promise<MemberRecord[]>;
  countMembers(): Promise<number>;
  getMemberByCommitment(identityCommitment: string): Promise<MemberRecord | undefined>;
  getRoot(root: string): Promise<RootRecord | undefined>;
  currentRoot(): Promise<RootRecord | undefined>;
  /** Largest number of the given tag hashes any single stored member holds (0 if none). */
  maxTagOverlap(tagHashes: readonly string[]): Promise<number>;

  // --- nullifiers ----------------------------------------------------------------------
  consumeNullifier(input: NullifierInput): Promise<ConsumeOutcome>;
  isNullifierUsed(scope: string, nullifier: string): Promise<boolean>;

  // --- attesters -----------------------------------------------------------------------
  /** Returns undefined when that key is already registered (revoked keys stay revoked). */
  addAttester(publicKey: readonly [string, string], label: string): Promise<AttesterRecord | undefined>;
  getAttester(id: string): Promise<AttesterRecord | undefined>;
  findAttesterByKey(publicKey: readonly [string, string]): Promise<AttesterRecord | undefined>;
  listAttesters(): Promise<AttesterRecord[]>;
  /** True when it was active and is now revoked; false when unknown or already revoked. */
  revokeAttester(id: string): Promise<boolean>;

  // --- relying services ----------------------------------------------------------------
  /** Service and its first API key, together; undefined when the rpId is taken (even revoked). */
  addRelyingService(
    rpId: string,
    name: string,
    apiKeyHash: string,
  ): Promise<RelyingServiceRecord | undefined>;
  getRelyingService(rpId: string): Promise<RelyingServiceRecord | undefined>;
  /**
   * The active service owning that API key hash: service not revoked, key neither revoked nor
   * past its expiry.
   */
  findRelyingServiceByKeyHash(apiKeyHash: string): Promise<RelyingServiceRecord | undefined>;
  listRelyingServices(): Promise<RelyingServiceRecord[]>;
  /** Revokes the service, and with it every key, at once. */
  revokeRelyingService(rpId: string): Promise<boolean>;

  // --- API keys (rotation) -------------------------------------------------------------
  /** One transaction: checks the service and its active keys, adds the key, retires others. */
  addApiKey(input: AddApiKeyInput): Promise<AddApiKeyOutcome>;
  listApiKeys(rpId: string): Promise<ApiKeyRecord[]>;
  /** The key stops working at `at` (now: at once); an earlier expiry is kept. */
  retireApiKey(rpId: string, keyId: string, at: number): Promise<ApiKeyRecord | undefined>;
}

/** Thrown when the caller's tree disagrees with the stored roots: rebuild it from storage. */
export class TreeDivergedError extends ZkpopError<"INTERNAL"> {
  constructor(message: string) {
    super("INTERNAL", message);
  }
}
