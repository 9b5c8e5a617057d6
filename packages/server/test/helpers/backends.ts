import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PostgresStorage } from "../../src/storage/postgres.js";
import { SqliteStorage } from "../../src/storage/sqlite.js";
import type { Storage } from "../../src/storage/types.js";
import { createScratchDb, type ScratchDb, SKIP_PG } from "./pg.js";

export interface StorageOpts {
  now?: () => number;
}

/** One backend under test: `open` returns a fresh, migrated storage; `reopen` a second
 * handle (another connection / replica) on the same data. */
export interface Backend {
  name: string;
  setup(): Promise<void>;
  teardown(): Promise<void>;
  open(opts?: StorageOpts): Promise<{ storage: Storage; reopen(opts?: StorageOpts): Promise<Storage> }>;
}

function sqliteBackend(): Backend {
  let dir = "";
  let n = 0;
  const opened: Storage[] = [];
  return {
    name: "sqlite",
    async setup() {
      dir = mkdtempSync(join(tmpdir(), "zkpop-sqlite-"));
    },
    async teardown() {
      await Promise.all(opened.map((s) => s.close()));
      rmSync(dir, { recursive: true, force: true });
    },
    async open(opts) {
      const path = join(dir, `db${n++}.sqlite`);
      const make = async (o?: StorageOpts) => {
        const s = new SqliteStorage({ path, now: o?.now });
        opened.push(s);
        await s.migrate();
        return s;
      };
      return { storage: await make(opts), reopen: make };
    },
  };
}

function postgresBackend(): Backend {
  let db: ScratchDb | undefined;
  const opened: Storage[] = [];
  return {
    name: "postgres",
    async setup() {
      db = await createScratchDb();
    },
    async teardown() {
      await Promise.all(opened.map((s) => s.close()));
      await db?.drop();
    },
    async open(opts) {
      if (!db) throw new Error("postgres scratch database was not created (see the setup error above)");
      const url = await db.freshSchema();
      const make = async (o?: StorageOpts) => {
        const s = new PostgresStorage({ connectionString: url, now: o?.now, poolSize: 10 });
        opened.push(s);
        await s.migrate();
        return s;
      };
      return { storage: await make(opts), reopen: make };
    },
  };
}

/** Backends for describe.each; Postgres is left out only when ZKPOP_SKIP_PG=1. */
export function backends(): Backend[] {
  return SKIP_PG ? [sqliteBackend()] : [sqliteBackend(), postgresBackend()];
}
