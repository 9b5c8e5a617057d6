import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { MembershipProof } from "@zkpop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN } from "./helpers/http.js";
import { createScratchDb, type ScratchDb, SKIP_PG } from "./helpers/pg.js";
import { commitments, negated, proofPool, testGroup } from "./helpers/proofs.js";
import { type ServerProcess, spawnServer } from "./helpers/spawn.js";

// 1,000 concurrent submissions of one nullifier, against real server processes (src/main.ts),
// with real proofs: SQLite (one process) and Postgres (two processes sharing the database).

const N = 1_000;
let dir: string;
let race: MembershipProof[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "zkpop-proc-"));
  const [a, b] = await proofPool([
    { member: 2, rpId: "shop", action: "race", message: 1 },
    { member: 2, rpId: "shop", action: "race", message: 2 },
  ]);
  // Four different valid proofs of one nullifier: two messages, each also malleated.
  race = [a!, b!, negated(a!), negated(b!)];
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function seed(s: ServerProcess): Promise<string> {
  for (const c of commitments)
    expect(
      (await s.api("/v1/admin/members", { body: { identityCommitment: c }, token: ADMIN_TOKEN })).status,
    ).toBe(201);
  const res = await s.api("/v1/admin/services", { body: { rpId: "shop", name: "Shop" }, token: ADMIN_TOKEN });
  expect((await s.api("/v1/group")).body.root).toBe(testGroup().root.toString());
  return res.body.apiKey;
}

async function raceOneNullifier(servers: ServerProcess[], key: string) {
  const results = await Promise.all(
    Array.from({ length: N }, (_, i) =>
      servers[i % servers.length]!.api("/v1/consume", {
        body: { action: "race", proof: race[i % 4] },
        token: key,
      }).then((r) => ({ ...r, variant: i % 4 })),
    ),
  );
  const created = results.filter((r) => r.status === 201);
  expect(created).toHaveLength(1);
  const winner = created[0]!.variant;
  const tally = (pred: (r: (typeof results)[number]) => boolean) => results.filter(pred).length;
  // Retries of the winning proof are idempotent; every other proof of that nullifier is refused.
  expect(tally((r) => r.status === 200)).toBe(N / 4 - 1);
  expect(tally((r) => r.status === 200 && r.variant !== winner)).toBe(0);
  expect(tally((r) => r.status === 409 && r.body.error.code === "NULLIFIER_USED")).toBe((3 * N) / 4);
  expect(tally((r) => r.status >= 500)).toBe(0);
}

describe("one nullifier, 1,000 concurrent consumes, real server processes", () => {
  // Server start-up alone may take minutes on a loaded box (see helpers/spawn.ts).
  it("SQLite: exactly one accepted", { timeout: 600_000 }, async () => {
    const s = await spawnServer({ sqlitePath: path.join(dir, "race.sqlite") });
    try {
      await raceOneNullifier([s], await seed(s));
    } finally {
      await s.stop();
    }
  });

  describe.skipIf(SKIP_PG)("Postgres", () => {
    let db: ScratchDb;
    beforeAll(async () => {
      db = await createScratchDb();
    });
    afterAll(async () => db?.drop());

    it("two server processes on one database: exactly one accepted", { timeout: 600_000 }, async () => {
      const url = await db.freshSchema();
      const a = await spawnServer({ postgresUrl: url });
      const b = await spawnServer({ postgresUrl: url });
      try {
        const key = await seed(a);
        await raceOneNullifier([a, b], key);
        // Both replicas agree on the group.
        expect((await b.api("/v1/group")).body).toEqual((await a.api("/v1/group")).body);
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
    });
  });
});
