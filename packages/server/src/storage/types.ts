// The one storage interface both backends implement (SQLite embedded, Postgres for replicas).
// Values that are field elements travel as canonical decimal strings; timestamps as epoch ms.

export interface MemberRecord {
  /** Leaf index in the group tree: dense, starting at 0, in insertion order. */
  index: number;
  identityCommitment: string;
  createdAt: number;
}

export interface RootRecord {
  root: string;
  /** Group size (leaf count) that produced this root. */
  size: number;
  createdAt: number;
  /** When the next member replaced this root; null while it is the current root. */
  supersededAt: number | null;
}

export interface AttesterRecord {
  /** Short stable id derived from the key, used in admin URLs. */
  id: string;
  /** Baby Jubjub public key [Ax, Ay] as canonical decimal field elements. */
  publicKey: readonly [string, string];
  label: string;
  createdAt: number;
  revokedAt: number | null;
}

export interface RelyingServiceRecord {
  rpId: string;
  name: string;
  createdAt: number;
  revokedAt: number | null;
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

export interface InsertMemberInput {
  identityCommitment: string;
  /** HMAC-SHA256(pepper, tag) hex, one per tag position, L in all (none: admin-added member). */
  tagHashes: readonly string[];
  /** m: a stored member sharing at least this many tag hashes makes it a duplicate. */
  duplicateThreshold: number;
}

export type InsertMemberOutcome =
  | { kind: "inserted"; member: MemberRecord; root: string }
  | { kind: "duplicate_person"; matchedTags: number }
  | { kind: "already_member"; index: number };

export type ConsumeOutcome = "inserted" | "idempotent" | "conflict";

export interface NullifierInput {
  scope: string;
  nullifier: string;
  /** Hash of the whole proof: same hash again is a retry, another hash is a second use. */
  proofHash: string;
}

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
  /** Returns undefined when the rpId is taken (even by a revoked service). */
  addRelyingService(
    rpId: string,
    name: string,
    apiKeyHash: string,
  ): Promise<RelyingServiceRecord | undefined>;
  getRelyingService(rpId: string): Promise<RelyingServiceRecord | undefined>;
  /** The active (not revoked) service owning that API key hash. */
  findRelyingServiceByKeyHash(apiKeyHash: string): Promise<RelyingServiceRecord | undefined>;
  listRelyingServices(): Promise<RelyingServiceRecord[]>;
  revokeRelyingService(rpId: string): Promise<boolean>;
}

/** Thrown when the caller's tree disagrees with the stored roots: rebuild it from storage. */
export class TreeDivergedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TreeDivergedError";
  }
}
