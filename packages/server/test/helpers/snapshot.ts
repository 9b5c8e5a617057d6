import Database from "better-sqlite3";

const TABLES = ["members", "member_tags", "roots", "nullifiers", "attesters", "relying_services"];

/** Every row of every table, read through a separate read-only connection. */
export function snapshotSqlite(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return JSON.stringify(
      Object.fromEntries(TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()])),
    );
  } finally {
    db.close();
  }
}
