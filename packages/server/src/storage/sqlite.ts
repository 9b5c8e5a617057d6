import Database from "better-sqlite3";
import { SQLITE_MIGRATIONS } from "./migrations.js";
import { type Plan, runSync, type Step, type StepResult } from "./plan.js";
import type { Row } from "./sql.js";
import { SqlStorage } from "./sql-storage.js";

/** File of an SQLite store. */
export interface SqliteStorageOptions {
  /** File path, or ":memory:" for tests. */
  path: string;
  /** Clock in epoch ms (injectable so root windows can be tested). */
  now?: () => number;
  /** How long a writer waits for another process's lock before failing (ms). */
  busyTimeoutMs?: number;
}

// json_each keeps one prepared statement whatever L is.
const OVERLAP = `SELECT COUNT(DISTINCT tag_hash) AS n FROM member_tags
  WHERE tag_hash IN (SELECT value FROM json_each(?))
  GROUP BY member_idx ORDER BY n DESC LIMIT 1`;
const INSERT_TAG = "INSERT INTO member_tags (member_idx, position, tag_hash) VALUES (?, ?, ?)";

/**
 * Embedded default. better-sqlite3 is synchronous, so one process is serialised by the event
 * loop; writers in other processes on the same file are serialised by BEGIN IMMEDIATE.
 */
export class SqliteStorage extends SqlStorage {
  readonly kind = "sqlite" as const;
  protected readonly int64 = "INTEGER";
  protected readonly migrations = SQLITE_MIGRATIONS;
  readonly #db: Database.Database;
  readonly #now: () => number;
  /** Prepared once per SQL text: preparing on every call showed up in the request profile. */
  readonly #statements = new Map<string, Database.Statement>();

  constructor(options: SqliteStorageOptions) {
    super();
    this.#db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 5000 });
    this.#now = options.now ?? Date.now;
    // WAL: readers never block the writer; FULL: an acknowledged write survives power loss.
    this.#db.pragma("journal_mode = WAL");
    this.#db.pragma("synchronous = FULL");
    this.#db.pragma("foreign_keys = ON");
  }

  protected now(): number {
    return this.#now();
  }

  #stmt(sql: string): Database.Statement {
    let st = this.#statements.get(sql);
    if (!st) {
      st = this.#db.prepare(sql);
      this.#statements.set(sql, st);
    }
    return st;
  }

  #run(sql: string, params: readonly unknown[]): StepResult {
    // Migrations hold several statements: exec, not prepare.
    if (/;\s*\S/.test(sql)) {
      this.#db.exec(sql);
      return { rows: [], changes: 0 };
    }
    const st = this.#stmt(sql);
    if (st.reader) return { rows: st.all(...params) as Row[], changes: 0 };
    return { rows: [], changes: st.run(...params).changes };
  }

  #step = (s: Step): StepResult => {
    if ("sql" in s) return this.#run(s.sql, s.params);
    if ("lock" in s) return { rows: [], changes: 0 }; // BEGIN IMMEDIATE holds the write lock
    if ("overlap" in s)
      return s.overlap.length === 0
        ? { rows: [], changes: 0 }
        : this.#run(OVERLAP, [JSON.stringify(s.overlap)]);
    const { idx, tagHashes } = s.insertTags;
    tagHashes.forEach((h, i) => {
      this.#stmt(INSERT_TAG).run(idx, i, h);
    });
    return { rows: [], changes: tagHashes.length };
  };

  protected async read<T>(plan: Plan<T>): Promise<T> {
    return runSync(plan, this.#step);
  }

  protected async write<T>(plan: Plan<T>): Promise<T> {
    return this.#db.transaction(() => runSync(plan, this.#step)).immediate();
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
}
