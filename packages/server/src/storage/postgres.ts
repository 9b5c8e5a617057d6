import type { Pool, PoolClient, QueryResult, QueryResultRow } from "pg";
import pg from "pg";
import { attesterId } from "../ids.js";
import { catchUp, checkInsertInput } from "./checks.js";
import { POSTGRES_MIGRATIONS } from "./migrations.js";
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

export interface PostgresStorageOptions {
  connectionString: string;
  /** Connections this replica may open. */
  poolSize?: number;
  now?: () => number;
}

// Advisory lock keys (per database): one serialises migrations, one serialises group inserts
// across every replica so member indexes stay dense and unique and roots follow one chain.
const MIGRATION_LOCK = 0x7a6b706f7001n.toString();
const GROUP_LOCK = 0x7a6b706f7002n.toString();

type Row = Record<string, unknown>;
/** A pool or one checked-out client: both run queries. */
interface Queryable {
  query<R extends QueryResultRow = Row>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null ? null : Number(v));

const toMember = (r: Row): MemberRecord => ({
  index: num(r.idx),
  identityCommitment: String(r.identity_commitment),
  createdAt: num(r.created_at),
});
const toRoot = (r: Row): RootRecord => ({
  root: String(r.root),
  size: num(r.size),
  createdAt: num(r.created_at),
  supersededAt: numOrNull(r.superseded_at),
});
const toAttester = (r: Row): AttesterRecord => ({
  id: String(r.id),
  publicKey: [String(r.pk_x), String(r.pk_y)],
  label: String(r.label),
  createdAt: num(r.created_at),
  revokedAt: numOrNull(r.revoked_at),
});
const toService = (r: Row): RelyingServiceRecord => ({
  rpId: String(r.rp_id),
  name: String(r.name),
  createdAt: num(r.created_at),
  revokedAt: numOrNull(r.revoked_at),
});

const SERVICE_COLS = "rp_id, name, created_at, revoked_at";

/** Shared database for several replicas; each replica keeps its own in-memory tree. */
export class PostgresStorage implements Storage {
  readonly kind = "postgres" as const;
  readonly #pool: Pool;
  readonly #now: () => number;

  constructor(options: PostgresStorageOptions) {
    this.#pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      application_name: "zkpop-server",
    });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.#pool.on("error", () => {});
    this.#now = options.now ?? Date.now;
  }

  async #tx<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query("BEGIN");
      const out = await fn(client);
      await client.query("COMMIT");
      return out;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  async migrate(): Promise<void> {
    await this.#tx(async (c) => {
      await c.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK]);
      await c.query(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
      );
      const done = new Set(
        (await c.query("SELECT version FROM schema_migrations")).rows.map((r) => num(r.version)),
      );
      for (const m of POSTGRES_MIGRATIONS) {
        if (done.has(m.version)) continue;
        await c.query(m.sql);
        await c.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)", [
          m.version,
          m.name,
          this.#now(),
        ]);
      }
    });
  }

  async ping(): Promise<void> {
    await this.#pool.query("SELECT 1");
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }

  // --- group ---------------------------------------------------------------------------

  async insertMember(input: InsertMemberInput, tree: TreeCursor): Promise<InsertMemberOutcome> {
    checkInsertInput(input);
    return this.#tx(async (c) => {
      // Held until COMMIT/ROLLBACK; READ COMMITTED then sees every insert made before us.
      await c.query("SELECT pg_advisory_xact_lock($1)", [GROUP_LOCK]);
      const existing = await c.query("SELECT idx FROM members WHERE identity_commitment = $1", [
        input.identityCommitment,
      ]);
      if (existing.rows[0]) return { kind: "already_member", index: num(existing.rows[0].idx) } as const;
      const overlap = await this.#overlap(c, input.tagHashes);
      if (overlap >= input.duplicateThreshold)
        return { kind: "duplicate_person", matchedTags: overlap } as const;

      const size = num((await c.query("SELECT COALESCE(MAX(idx) + 1, 0) AS n FROM members")).rows[0]?.n);
      const current = await this.#currentRoot(c);
      const pending = await this.#members(c, tree.size(), size - tree.size());
      catchUp(tree, pending, current, size);

      const now = Math.max(this.#now(), current?.createdAt ?? 0);
      const member: MemberRecord = {
        index: size,
        identityCommitment: input.identityCommitment,
        createdAt: now,
      };
      await c.query("INSERT INTO members (idx, identity_commitment, created_at) VALUES ($1, $2, $3)", [
        size,
        member.identityCommitment,
        now,
      ]);
      await c.query(
        `INSERT INTO member_tags (member_idx, position, tag_hash)
         SELECT $1, t.ord - 1, t.h FROM unnest($2::text[]) WITH ORDINALITY AS t(h, ord)`,
        [size, input.tagHashes],
      );
      await c.query("UPDATE roots SET superseded_at = $1 WHERE superseded_at IS NULL", [now]);
      const root = tree.append([member]);
      await c.query("INSERT INTO roots (root, size, created_at, superseded_at) VALUES ($1, $2, $3, NULL)", [
        root,
        size + 1,
        now,
      ]);
      return { kind: "inserted", member, root } as const;
    });
  }

  async listMembers(fromIndex: number, limit: number): Promise<MemberRecord[]> {
    return this.#members(this.#pool, fromIndex, limit);
  }

  async #members(q: Queryable, fromIndex: number, limit: number): Promise<MemberRecord[]> {
    if (limit <= 0) return [];
    const res = await q.query(
      "SELECT idx, identity_commitment, created_at FROM members WHERE idx >= $1 ORDER BY idx LIMIT $2",
      [fromIndex, limit],
    );
    return res.rows.map(toMember);
  }

  async countMembers(): Promise<number> {
    return num((await this.#pool.query("SELECT COUNT(*) AS n FROM members")).rows[0]?.n);
  }

  async getMemberByCommitment(identityCommitment: string): Promise<MemberRecord | undefined> {
    const res = await this.#pool.query(
      "SELECT idx, identity_commitment, created_at FROM members WHERE identity_commitment = $1",
      [identityCommitment],
    );
    return res.rows[0] ? toMember(res.rows[0]) : undefined;
  }

  async getRoot(root: string): Promise<RootRecord | undefined> {
    const res = await this.#pool.query(
      "SELECT root, size, created_at, superseded_at FROM roots WHERE root = $1",
      [root],
    );
    return res.rows[0] ? toRoot(res.rows[0]) : undefined;
  }

  async currentRoot(): Promise<RootRecord | undefined> {
    return this.#currentRoot(this.#pool);
  }

  async #currentRoot(q: Queryable): Promise<RootRecord | undefined> {
    const res = await q.query(
      "SELECT root, size, created_at, superseded_at FROM roots WHERE superseded_at IS NULL",
    );
    return res.rows[0] ? toRoot(res.rows[0]) : undefined;
  }

  async maxTagOverlap(tagHashes: readonly string[]): Promise<number> {
    return this.#overlap(this.#pool, tagHashes);
  }

  async #overlap(q: Queryable, tagHashes: readonly string[]): Promise<number> {
    if (tagHashes.length === 0) return 0;
    const res = await q.query(
      `SELECT COUNT(DISTINCT tag_hash) AS n FROM member_tags WHERE tag_hash = ANY($1::text[])
       GROUP BY member_idx ORDER BY n DESC LIMIT 1`,
      [tagHashes],
    );
    return res.rows[0] ? num(res.rows[0].n) : 0;
  }

  // --- nullifiers ----------------------------------------------------------------------

  async consumeNullifier(input: NullifierInput): Promise<ConsumeOutcome> {
    const ins = await this.#pool.query(
      `INSERT INTO nullifiers (scope, nullifier, proof_hash, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (scope, nullifier) DO NOTHING RETURNING 1`,
      [input.scope, input.nullifier, input.proofHash, this.#now()],
    );
    if (ins.rowCount === 1) return "inserted";
    // Rows are never deleted, so the conflicting row is there to compare against.
    const res = await this.#pool.query(
      "SELECT proof_hash FROM nullifiers WHERE scope = $1 AND nullifier = $2",
      [input.scope, input.nullifier],
    );
    return res.rows[0]?.proof_hash === input.proofHash ? "idempotent" : "conflict";
  }

  async isNullifierUsed(scope: string, nullifier: string): Promise<boolean> {
    const res = await this.#pool.query("SELECT 1 FROM nullifiers WHERE scope = $1 AND nullifier = $2", [
      scope,
      nullifier,
    ]);
    return res.rows.length > 0;
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
    const res = await this.#pool.query(
      "INSERT INTO attesters (id, pk_x, pk_y, label, created_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1",
      [rec.id, publicKey[0], publicKey[1], label, rec.createdAt],
    );
    return res.rowCount === 1 ? rec : undefined;
  }

  async getAttester(id: string): Promise<AttesterRecord | undefined> {
    const res = await this.#pool.query("SELECT * FROM attesters WHERE id = $1", [id]);
    return res.rows[0] ? toAttester(res.rows[0]) : undefined;
  }

  async findAttesterByKey(publicKey: readonly [string, string]): Promise<AttesterRecord | undefined> {
    const res = await this.#pool.query("SELECT * FROM attesters WHERE pk_x = $1 AND pk_y = $2", [
      publicKey[0],
      publicKey[1],
    ]);
    return res.rows[0] ? toAttester(res.rows[0]) : undefined;
  }

  async listAttesters(): Promise<AttesterRecord[]> {
    return (await this.#pool.query("SELECT * FROM attesters ORDER BY created_at, id")).rows.map(toAttester);
  }

  async revokeAttester(id: string): Promise<boolean> {
    const res = await this.#pool.query(
      "UPDATE attesters SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
      [this.#now(), id],
    );
    return res.rowCount === 1;
  }

  // --- relying services ----------------------------------------------------------------

  async addRelyingService(
    rpId: string,
    name: string,
    apiKeyHash: string,
  ): Promise<RelyingServiceRecord | undefined> {
    const rec: RelyingServiceRecord = { rpId, name, createdAt: this.#now(), revokedAt: null };
    const res = await this.#pool.query(
      "INSERT INTO relying_services (rp_id, name, api_key_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1",
      [rpId, name, apiKeyHash, rec.createdAt],
    );
    return res.rowCount === 1 ? rec : undefined;
  }

  async getRelyingService(rpId: string): Promise<RelyingServiceRecord | undefined> {
    const res = await this.#pool.query(`SELECT ${SERVICE_COLS} FROM relying_services WHERE rp_id = $1`, [
      rpId,
    ]);
    return res.rows[0] ? toService(res.rows[0]) : undefined;
  }

  async findRelyingServiceByKeyHash(apiKeyHash: string): Promise<RelyingServiceRecord | undefined> {
    const res = await this.#pool.query(
      `SELECT ${SERVICE_COLS} FROM relying_services WHERE api_key_hash = $1 AND revoked_at IS NULL`,
      [apiKeyHash],
    );
    return res.rows[0] ? toService(res.rows[0]) : undefined;
  }

  async listRelyingServices(): Promise<RelyingServiceRecord[]> {
    return (
      await this.#pool.query(`SELECT ${SERVICE_COLS} FROM relying_services ORDER BY created_at, rp_id`)
    ).rows.map(toService);
  }

  async revokeRelyingService(rpId: string): Promise<boolean> {
    const res = await this.#pool.query(
      "UPDATE relying_services SET revoked_at = $1 WHERE rp_id = $2 AND revoked_at IS NULL",
      [this.#now(), rpId],
    );
    return res.rowCount === 1;
  }
}
