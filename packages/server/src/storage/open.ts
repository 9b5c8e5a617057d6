import type { Config } from "../config.js";
import { PostgresStorage } from "./postgres.js";
import { SqliteStorage } from "./sqlite.js";
import type { Storage } from "./types.js";

/** The storage the configuration names: SQLite (a file or :memory:) or Postgres. */
export function openStorage(db: Config["db"], now?: () => number): Storage {
  return db.kind === "sqlite"
    ? new SqliteStorage({ path: db.path, now })
    : new PostgresStorage({ connectionString: db.url, poolSize: db.poolSize, now });
}
