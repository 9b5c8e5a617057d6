import type { Pool, PoolClient } from "pg";
import pg from "pg";
import { POSTGRES_MIGRATIONS } from "./migrations.js";
import { type Plan, runAsync, type Step, type StepResult } from "./plan.js";
import type { Row } from "./sql.js";
import { SqlStorage } from "./sql-storage.js";

/** Connection string and pool size of a Postgres store. */
export interface PostgresStorageOptions {
  connectionString: string;
  /** Connections this replica may open. */
  poolSize?: number;
  now?: () => number;
}

// Advisory lock keys (per database): one serialises migrations, one serialises group inserts
// across every replica so member indexes stay dense and unique and roots follow one chain.
const LOCKS = {
  migrations: 0x7a6b706f7001n.toString(),
  group: 0x7a6b706f7002n.toString(),
} as const;

const OVERLAP = `SELECT COUNT(DISTINCT tag_hash) AS n FROM member_tags WHERE tag_hash = ANY($1::text[])
  GROUP BY member_idx ORDER BY n DESC LIMIT 1`;
const INSERT_TAGS = `INSERT INTO member_tags (member_idx, position, tag_hash)
  SELECT $1, t.ord - 1, t.h FROM unnest($2::text[]) WITH ORDINALITY AS t(h, ord)`;

/** The shared `?` placeholders, numbered for Postgres ($1, $2, ...); our SQL has no other '?'. */
const numbered = new Map<string, string>();
function pgText(sql: string): string {
  let text = numbered.get(sql);
  if (text === undefined) {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${++n}`);
    numbered.set(sql, text);
  }
  return text;
}

type Queryable = Pool | PoolClient;

/** Shared database for several replicas; each replica keeps its own in-memory tree. */
export class PostgresStorage extends SqlStorage {
  readonly kind = "postgres" as const;
  protected readonly int64 = "BIGINT";
  protected readonly migrations = POSTGRES_MIGRATIONS;
  readonly #pool: Pool;
  readonly #now: () => number;

  constructor(options: PostgresStorageOptions) {
    super();
    this.#pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      application_name: "zkpop-server",
    });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.#pool.on("error", () => {});
    this.#now = options.now ?? Date.now;
  }

  protected now(): number {
    return this.#now();
  }

  async #step(c: Queryable, s: Step): Promise<StepResult> {
    const run = async (text: string, values: readonly unknown[]) => {
      const r = await c.query<Row>(text, values as unknown[]);
      return { rows: r.rows ?? [], changes: r.rowCount ?? 0 };
    };
    if ("sql" in s) return run(pgText(s.sql), s.params);
    // Held until COMMIT/ROLLBACK; READ COMMITTED then sees every write made before us.
    if ("lock" in s) return run("SELECT pg_advisory_xact_lock($1)", [LOCKS[s.lock]]);
    if ("overlap" in s) return s.overlap.length === 0 ? { rows: [], changes: 0 } : run(OVERLAP, [s.overlap]);
    return run(INSERT_TAGS, [s.insertTags.idx, s.insertTags.tagHashes]);
  }

  protected read<T>(plan: Plan<T>): Promise<T> {
    return runAsync(plan, (s) => this.#step(this.#pool, s));
  }

  protected async write<T>(plan: Plan<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query("BEGIN");
      const out = await runAsync(plan, (s) => this.#step(client, s));
      await client.query("COMMIT");
      return out;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}
