// SQL text and row mapping shared by both backends. Placeholders are written `?` (SQLite);
// the Postgres backend numbers them ($1, $2, ...) once per text. Dialect-specific statements
// (tag overlap, bulk tag insert, locks) stay in their backend.
import type {
  ApiKeyRecord,
  AttesterRecord,
  MemberRecord,
  RelyingServiceRecord,
  RootRecord,
} from "./types.js";

export type Row = Record<string, unknown>;

const num = (v: unknown): number => Number(v); // Postgres returns BIGINT as a string
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export const toMember = (r: Row): MemberRecord => ({
  index: num(r.idx),
  identityCommitment: String(r.identity_commitment),
  createdAt: num(r.created_at),
});
export const toRoot = (r: Row): RootRecord => ({
  root: String(r.root),
  size: num(r.size),
  createdAt: num(r.created_at),
  supersededAt: numOrNull(r.superseded_at),
});
export const toAttester = (r: Row): AttesterRecord => ({
  id: String(r.id),
  publicKey: [String(r.pk_x), String(r.pk_y)],
  label: String(r.label),
  createdAt: num(r.created_at),
  revokedAt: numOrNull(r.revoked_at),
});
export const toService = (r: Row): RelyingServiceRecord => ({
  rpId: String(r.rp_id),
  name: String(r.name),
  createdAt: num(r.created_at),
  revokedAt: numOrNull(r.revoked_at),
});
export const toApiKey = (r: Row): ApiKeyRecord => ({
  id: String(r.id),
  rpId: String(r.rp_id),
  createdAt: num(r.created_at),
  expiresAt: numOrNull(r.expires_at),
  revokedAt: numOrNull(r.revoked_at),
});

/** Public id of an API key: its hash's first 16 hex digits (the hash reveals nothing of the key). */
export const apiKeyId = (keyHash: string): string => keyHash.slice(0, 16);

const MEMBER_COLS = "idx, identity_commitment, created_at";
const ROOT_COLS = "root, size, created_at, superseded_at";
const SERVICE_COLS = "rp_id, name, created_at, revoked_at";
const KEY_COLS = "id, rp_id, created_at, expires_at, revoked_at";

export const SQL = {
  migrationsTable: (int64: string) =>
    `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at ${int64} NOT NULL)`,
  appliedMigrations: "SELECT version FROM schema_migrations",
  recordMigration: "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
  ping: "SELECT 1",

  memberIdxByCommitment: "SELECT idx FROM members WHERE identity_commitment = ?",
  memberCount: "SELECT COUNT(*) AS n FROM members",
  nextMemberIdx: "SELECT COALESCE(MAX(idx) + 1, 0) AS n FROM members",
  membersFrom: `SELECT ${MEMBER_COLS} FROM members WHERE idx >= ? ORDER BY idx LIMIT ?`,
  memberByCommitment: `SELECT ${MEMBER_COLS} FROM members WHERE identity_commitment = ?`,
  insertMember: "INSERT INTO members (idx, identity_commitment, created_at) VALUES (?, ?, ?)",
  rootByValue: `SELECT ${ROOT_COLS} FROM roots WHERE root = ?`,
  currentRoot: `SELECT ${ROOT_COLS} FROM roots WHERE superseded_at IS NULL`,
  supersedeRoot: "UPDATE roots SET superseded_at = ? WHERE superseded_at IS NULL",
  insertRoot: "INSERT INTO roots (root, size, created_at, superseded_at) VALUES (?, ?, ?, NULL)",

  insertNullifier:
    "INSERT INTO nullifiers (scope, nullifier, proof_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
  nullifierProofHash: "SELECT proof_hash FROM nullifiers WHERE scope = ? AND nullifier = ?",

  insertAttester:
    "INSERT INTO attesters (id, pk_x, pk_y, label, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
  attesterById: "SELECT * FROM attesters WHERE id = ?",
  attesterByKey: "SELECT * FROM attesters WHERE pk_x = ? AND pk_y = ?",
  attesters: "SELECT * FROM attesters ORDER BY created_at, id",
  revokeAttester: "UPDATE attesters SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",

  insertService:
    "INSERT INTO relying_services (rp_id, name, api_key_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
  serviceById: `SELECT ${SERVICE_COLS} FROM relying_services WHERE rp_id = ?`,
  services: `SELECT ${SERVICE_COLS} FROM relying_services ORDER BY created_at, rp_id`,
  revokeService: "UPDATE relying_services SET revoked_at = ? WHERE rp_id = ? AND revoked_at IS NULL",
  serviceByKeyHash: `SELECT s.rp_id, s.name, s.created_at, s.revoked_at FROM api_keys k
    JOIN relying_services s ON s.rp_id = k.rp_id
    WHERE k.key_hash = ? AND s.revoked_at IS NULL AND k.revoked_at IS NULL
      AND (k.expires_at IS NULL OR k.expires_at > ?)`,

  insertKey: "INSERT INTO api_keys (key_hash, id, rp_id, created_at) VALUES (?, ?, ?, ?)",
  keysOf: `SELECT ${KEY_COLS} FROM api_keys WHERE rp_id = ? ORDER BY created_at, id`,
  keyById: `SELECT ${KEY_COLS} FROM api_keys WHERE rp_id = ? AND id = ?`,
  activeKeyCount:
    "SELECT COUNT(*) AS n FROM api_keys WHERE rp_id = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)",
  /** Params: at, rpId, except key id, at. Keys expiring sooner keep their expiry. */
  retireOtherKeys:
    "UPDATE api_keys SET expires_at = ? WHERE rp_id = ? AND id <> ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)",
  /** Params: at, rpId, key id, at. */
  retireKey:
    "UPDATE api_keys SET expires_at = ? WHERE rp_id = ? AND id = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)",
} as const;
