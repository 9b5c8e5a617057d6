import { randomBytes } from "node:crypto";
import pg from "pg";

// Postgres tests need a real server. Unreachable is a failure, never a silent skip, unless
// the caller opts out explicitly with ZKPOP_SKIP_PG=1.
export const SKIP_PG = process.env.ZKPOP_SKIP_PG === "1";
export const PG_ADMIN_URL = process.env.ZKPOP_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

function withDatabase(url: string, database: string, schema?: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  if (schema) u.searchParams.set("options", `-c search_path=${schema}`);
  return u.toString();
}

export interface ScratchDb {
  /** Connection string of a fresh, empty schema inside the scratch database. */
  freshSchema(): Promise<string>;
  drop(): Promise<void>;
}

/** Creates a uniquely named database (dropped by drop()) so parallel runs never collide. */
export async function createScratchDb(adminUrl = PG_ADMIN_URL): Promise<ScratchDb> {
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${adminUrl} (${(err as Error).message}). ` +
        "Start it (pg_ctlcluster <version> main start) or set ZKPOP_SKIP_PG=1 to skip the Postgres tests.",
    );
  }
  const name = `zkpop_t_${process.pid}_${randomBytes(4).toString("hex")}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const dbUrl = withDatabase(adminUrl, name);
  let n = 0;
  return {
    async freshSchema() {
      const schema = `s${n++}`;
      const c = new pg.Client({ connectionString: dbUrl });
      await c.connect();
      await c.query(`CREATE SCHEMA ${schema}`);
      await c.end();
      return withDatabase(adminUrl, name, schema);
    },
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
