// Ordered, append-only schema migrations. Never edit a shipped one: add a new version.
// The two dialects differ only in integer widths (Postgres BIGINT for epoch ms).

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

function schemaV1(int64: string): string {
  return `
CREATE TABLE members (
  idx INTEGER PRIMARY KEY CHECK (idx >= 0),
  identity_commitment TEXT NOT NULL UNIQUE,
  created_at ${int64} NOT NULL
);
CREATE TABLE member_tags (
  member_idx INTEGER NOT NULL REFERENCES members(idx),
  position INTEGER NOT NULL,
  tag_hash TEXT NOT NULL,
  PRIMARY KEY (member_idx, position)
);
CREATE INDEX member_tags_by_hash ON member_tags(tag_hash);
CREATE TABLE roots (
  root TEXT PRIMARY KEY,
  size INTEGER NOT NULL UNIQUE,
  created_at ${int64} NOT NULL,
  superseded_at ${int64}
);
CREATE TABLE nullifiers (
  scope TEXT NOT NULL,
  nullifier TEXT NOT NULL,
  proof_hash TEXT NOT NULL,
  created_at ${int64} NOT NULL,
  PRIMARY KEY (scope, nullifier)
);
CREATE TABLE attesters (
  id TEXT PRIMARY KEY,
  pk_x TEXT NOT NULL,
  pk_y TEXT NOT NULL,
  label TEXT NOT NULL,
  created_at ${int64} NOT NULL,
  revoked_at ${int64},
  UNIQUE (pk_x, pk_y)
);
CREATE TABLE relying_services (
  rp_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  api_key_hash TEXT NOT NULL UNIQUE,
  created_at ${int64} NOT NULL,
  revoked_at ${int64}
);`;
}

/**
 * Several API keys per relying service, so a key can be rotated: the new one is created, the
 * old one retired after a grace period (expires_at) or at once (revoked_at). The rpId, its
 * scopes and nullifiers do not change. relying_services.api_key_hash keeps the first key's
 * hash (it is NOT NULL UNIQUE in v1); authentication reads api_keys only.
 */
function schemaV2(int64: string): string {
  return `
CREATE TABLE api_keys (
  key_hash TEXT PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  rp_id TEXT NOT NULL REFERENCES relying_services(rp_id),
  created_at ${int64} NOT NULL,
  expires_at ${int64},
  revoked_at ${int64}
);
CREATE INDEX api_keys_by_rp ON api_keys(rp_id);
INSERT INTO api_keys (key_hash, id, rp_id, created_at, expires_at, revoked_at)
  SELECT api_key_hash, substr(api_key_hash, 1, 16), rp_id, created_at, NULL, revoked_at FROM relying_services;`;
}

const migrations = (int64: string): readonly Migration[] => [
  { version: 1, name: "initial", sql: schemaV1(int64) },
  { version: 2, name: "api keys", sql: schemaV2(int64) },
];

export const SQLITE_MIGRATIONS = migrations("INTEGER");
export const POSTGRES_MIGRATIONS = migrations("BIGINT");
