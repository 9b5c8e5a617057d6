import Database from "better-sqlite3";
import { attesterId } from "../ids.js";
import { catchUp, checkInsertInput } from "./checks.js";
import { SQLITE_MIGRATIONS } from "./migrations.js";
import type {
  AttesterRecord,
  ConsumeOutcome,
  InsertMemberInput,
  InsertMemberOutcome,
  MemberRecord,
  NullifierInput,
  RelyingServiceRecord,
  RootRecord,
  Storage,
  TreeCursor,
} from "./types.js";

export interface SqliteStorageOptions {
  /** File path, or ":memory:" for tests. */
  path: string;
  /** Clock in epoch ms (injectable so root windows can be tested). */
  now?: () => number;
  /** How long a writer waits for another process's lock before failing (ms). */
  busyTimeoutMs?: number;
}

type Row = Record<string, unknown>;

const toMember = (r: Row): MemberRecord => ({
  index: Number(r.idx),
  identityCommitment: String(r.identity_commitment),
  createdAt: Number(r.created_at),
});
const toRoot = (r: Row): RootRecord => ({
  root: String(r.root),
  size: Number(r.size),
  createdAt: Number(r.created_at),
  supersededAt: r.superseded_at === null ? null : Number(r.superseded_at),
});
const toAttester = (r: Row): AttesterRecord => ({
  id: String(r.id),
  publicKey: [String(r.pk_x), String(r.pk_y)],
  label: String(r.label),
  createdAt: Number(r.created_at),
  revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
});
const toService = (r: Row): RelyingServiceRecord => ({
  rpId: String(r.rp_id),
  name: String(r.name),
  createdAt: Number(r.created_at),
  revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
});

/**
 * Embedded default. better-sqlite3 is synchronous, so one process is serialised by the event
 * loop; writers in other processes on the same file are serialised by BEGIN IMMEDIATE.
 */
export class SqliteStorage implements Storage {
  readonly kind = "sqlite" as const;
  readonly #db: Database.Database;
  readonly #now: () => number;
  /** Prepared once per SQL text: preparing on every call showed up in the request profile. */
  readonly #statements = new Map<string, Database.Statement>();

  constructor(options: SqliteStorageOptions) {
    this.#db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 5000 });
    this.#now = options.now ?? Date.now;
    // WAL: readers never block the writer; FULL: an acknowledged write survives power loss.
    this.#db.pragma("journal_mode = WAL");
    this.#db.pragma("synchronous = FULL");
    this.#db.pragma("foreign_keys = ON");
  }

  #stmt(sql: string): Database.Statement {
    let st = this.#statements.get(sql);
    if (!st) {
      st = this.#db.prepare(sql);
      this.#statements.set(sql, st);
    }
    return st;
  }

  async migrate(): Promise<void> {
    const db = this.#db;
    db.transaction(() => {
      db.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)",
      );
      const done = new Set(
        this.#stmt("SELECT version FROM schema_migrations")
          .all()
          .map((r) => Number((r as Row).version)),
      );
      for (const m of SQLITE_MIGRATIONS) {
        if (done.has(m.version)) continue;
        db.exec(m.sql);
        this.#stmt("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(
          m.version,
          m.name,
          this.#now(),
        );
      }
    }).immediate();
  }

  async ping(): Promise<void> {
    this.#stmt("SELECT 1").get();
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }

  /** Pragma values actually in force (tests check WAL and FULL). */
  pragmas(): { journalMode: string; synchronous: number } {
    return {
      journalMode: String(this.#db.pragma("journal_mode", { simple: true })),
      synchronous: Number(this.#db.pragma("synchronous", { simple: true })),
    };
  }

  // --- group ---------------------------------------------------------------------------

  async insertMember(input: InsertMemberInput, tree: TreeCursor): Promise<InsertMemberOutcome> {
    checkInsertInput(input);
    const db = this.#db;
    const run = db.transaction((): InsertMemberOutcome => {
      const existing = this.#stmt("SELECT idx FROM members WHERE identity_commitment = ?").get(
        input.identityCommitment,
      ) as Row | undefined;
      if (existing) return { kind: "already_member", index: Number(existing.idx) };
      const overlap = this.#overlap(input.tagHashes);
      if (overlap >= input.duplicateThreshold) return { kind: "duplicate_person", matchedTags: overlap };

      const size = Number((this.#stmt("SELECT COALESCE(MAX(idx) + 1, 0) AS n FROM members").get() as Row).n);
      const current = this.#currentRoot();
      catchUp(tree, this.#members(tree.size(), size - tree.size()), current, size);

      const now = Math.max(this.#now(), current?.createdAt ?? 0);
      const member: MemberRecord = {
        index: size,
        identityCommitment: input.identityCommitment,
        createdAt: now,
      };
      this.#stmt("INSERT INTO members (idx, identity_commitment, created_at) VALUES (?, ?, ?)").run(
        size,
        member.identityCommitment,
        now,
      );
      const tag = this.#stmt("INSERT INTO member_tags (member_idx, position, tag_hash) VALUES (?, ?, ?)");
      input.tagHashes.forEach((h, i) => {
        tag.run(size, i, h);
      });
      this.#stmt("UPDATE roots SET superseded_at = ? WHERE superseded_at IS NULL").run(now);
      const root = tree.append([member]);
      this.#stmt("INSERT INTO roots (root, size, created_at, superseded_at) VALUES (?, ?, ?, NULL)").run(
        root,
        size + 1,
        now,
      );
      return { kind: "inserted", member, root };
    });
    return run.immediate();
  }

  async listMembers(fromIndex: number, limit: number): Promise<MemberRecord[]> {
    return this.#members(fromIndex, limit);
  }

  #members(fromIndex: number, limit: number): MemberRecord[] {
    if (limit <= 0) return [];
    return this.#stmt(
      "SELECT idx, identity_commitment, created_at FROM members WHERE idx >= ? ORDER BY idx LIMIT ?",
    )
      .all(fromIndex, limit)
      .map((r) => toMember(r as Row));
  }

  async countMembers(): Promise<number> {
    return Number((this.#stmt("SELECT COUNT(*) AS n FROM members").get() as Row).n);
  }

  async getMemberByCommitment(identityCommitment: string): Promise<MemberRecord | undefined> {
    const r = this.#stmt(
      "SELECT idx, identity_commitment, created_at FROM members WHERE identity_commitment = ?",
    ).get(identityCommitment);
    return r ? toMember(r as Row) : undefined;
  }

  async getRoot(root: string): Promise<RootRecord | undefined> {
    const r = this.#stmt("SELECT root, size, created_at, superseded_at FROM roots WHERE root = ?").get(root);
    return r ? toRoot(r as Row) : undefined;
  }

  async currentRoot(): Promise<RootRecord | undefined> {
    return this.#currentRoot();
  }

  #currentRoot(): RootRecord | undefined {
    const r = this.#stmt(
      "SELECT root, size, created_at, superseded_at FROM roots WHERE superseded_at IS NULL",
    ).get();
    return r ? toRoot(r as Row) : undefined;
  }

  async maxTagOverlap(tagHashes: readonly string[]): Promise<number> {
    return this.#overlap(tagHashes);
  }

  // json_each keeps one prepared statement whatever L is.
  #overlap(tagHashes: readonly string[]): number {
    if (tagHashes.length === 0) return 0;
    const r = this.#stmt(
      `SELECT COUNT(DISTINCT tag_hash) AS n FROM member_tags
         WHERE tag_hash IN (SELECT value FROM json_each(?))
         GROUP BY member_idx ORDER BY n DESC LIMIT 1`,
    ).get(JSON.stringify(tagHashes)) as Row | undefined;
    return r ? Number(r.n) : 0;
  }

  // --- nullifiers ----------------------------------------------------------------------

  async consumeNullifier(input: NullifierInput): Promise<ConsumeOutcome> {
    const res = this.#stmt(
      "INSERT INTO nullifiers (scope, nullifier, proof_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
    ).run(input.scope, input.nullifier, input.proofHash, this.#now());
    if (res.changes === 1) return "inserted";
    const r = this.#stmt("SELECT proof_hash FROM nullifiers WHERE scope = ? AND nullifier = ?").get(
      input.scope,
      input.nullifier,
    ) as Row;
    return r.proof_hash === input.proofHash ? "idempotent" : "conflict";
  }

  async isNullifierUsed(scope: string, nullifier: string): Promise<boolean> {
    return (
      this.#stmt("SELECT 1 FROM nullifiers WHERE scope = ? AND nullifier = ?").get(scope, nullifier) !==
      undefined
    );
  }

  // --- attesters -----------------------------------------------------------------------

  async addAttester(
    publicKey: readonly [string, string],
    label: string,
  ): Promise<AttesterRecord | undefined> {
    const rec: AttesterRecord = {
      id: attesterId(publicKey),
      publicKey: [publicKey[0], publicKey[1]],
      label,
      createdAt: this.#now(),
      revokedAt: null,
    };
    const res = this.#stmt(
      "INSERT INTO attesters (id, pk_x, pk_y, label, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    ).run(rec.id, publicKey[0], publicKey[1], label, rec.createdAt);
    return res.changes === 1 ? rec : undefined;
  }

  async getAttester(id: string): Promise<AttesterRecord | undefined> {
    const r = this.#stmt("SELECT * FROM attesters WHERE id = ?").get(id);
    return r ? toAttester(r as Row) : undefined;
  }

  async findAttesterByKey(publicKey: readonly [string, string]): Promise<AttesterRecord | undefined> {
    const r = this.#stmt("SELECT * FROM attesters WHERE pk_x = ? AND pk_y = ?").get(
      publicKey[0],
      publicKey[1],
    );
    return r ? toAttester(r as Row) : undefined;
  }

  async listAttesters(): Promise<AttesterRecord[]> {
    return this.#stmt("SELECT * FROM attesters ORDER BY created_at, id")
      .all()
      .map((r) => toAttester(r as Row));
  }

  async revokeAttester(id: string): Promise<boolean> {
    return (
      this.#stmt("UPDATE attesters SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").run(
        this.#now(),
        id,
      ).changes === 1
    );
  }

  // --- relying services ----------------------------------------------------------------

  async addRelyingService(
    rpId: string,
    name: string,
    apiKeyHash: string,
  ): Promise<RelyingServiceRecord | undefined> {
    const rec: RelyingServiceRecord = { rpId, name, createdAt: this.#now(), revokedAt: null };
    const res = this.#stmt(
      "INSERT INTO relying_services (rp_id, name, api_key_hash, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
    ).run(rpId, name, apiKeyHash, rec.createdAt);
    return res.changes === 1 ? rec : undefined;
  }

  async getRelyingService(rpId: string): Promise<RelyingServiceRecord | undefined> {
    const r = this.#stmt(
      "SELECT rp_id, name, created_at, revoked_at FROM relying_services WHERE rp_id = ?",
    ).get(rpId);
    return r ? toService(r as Row) : undefined;
  }

  async findRelyingServiceByKeyHash(apiKeyHash: string): Promise<RelyingServiceRecord | undefined> {
    const r = this.#stmt(
      "SELECT rp_id, name, created_at, revoked_at FROM relying_services WHERE api_key_hash = ? AND revoked_at IS NULL",
    ).get(apiKeyHash);
    return r ? toService(r as Row) : undefined;
  }

  async listRelyingServices(): Promise<RelyingServiceRecord[]> {
    return this.#stmt(
      "SELECT rp_id, name, created_at, revoked_at FROM relying_services ORDER BY created_at, rp_id",
    )
      .all()
      .map((r) => toService(r as Row));
  }

  async revokeRelyingService(rpId: string): Promise<boolean> {
    return (
      this.#stmt("UPDATE relying_services SET revoked_at = ? WHERE rp_id = ? AND revoked_at IS NULL").run(
        this.#now(),
        rpId,
      ).changes === 1
    );
  }
}
