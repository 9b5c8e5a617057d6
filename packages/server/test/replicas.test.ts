import { Group } from "@semaphore-protocol/group";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresStorage } from "../src/storage/postgres.js";
import type { EnrollmentClaims, Verifiers } from "../src/verifiers.js";
import { commitment } from "./helpers/fixtures.js";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "./helpers/http.js";
import { createScratchDb, type ScratchDb, SKIP_PG } from "./helpers/pg.js";

const fake: Verifiers = {
  membership: { depth: 5, info: () => null, verify: async () => true },
  enrollment: { verifyEnrollment: async (b) => b as EnrollmentClaims },
};
const limits = {
  rateLimit: { windowMs: 60_000, perIp: 100_000, perApiKey: 100_000 },
  groupSyncIntervalMs: 100,
};
const tags = (n: number) => Array.from({ length: 8 }, (_, i) => String(1_000_000 * (n + 1) + i));

// Two servers sharing one Postgres database, each with its own pool and in-memory tree.
describe.skipIf(SKIP_PG)("http: two replicas on one Postgres", () => {
  let db: ScratchDb;
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    db = await createScratchDb();
    const url = await db.freshSchema();
    a = await startTestServer({
      verifiers: fake,
      config: limits,
      storage: new PostgresStorage({ connectionString: url }),
    });
    b = await startTestServer({
      verifiers: fake,
      config: limits,
      storage: new PostgresStorage({ connectionString: url }),
    });
  }, 30_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  }, 30_000);

  it("enrollments alternate between replicas: dense indexes, one root, both trees agree", async () => {
    await a.api("/v1/admin/attesters", { body: { publicKey: ["11", "22"], label: "k" }, token: ADMIN_TOKEN });
    const res = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        (n % 2 ? a : b).api("/v1/enroll", {
          body: {
            attesterPublicKey: ["11", "22"],
            identityCommitment: commitment(n),
            capturedAt: a.clock.t,
            tags: tags(n),
          },
        }),
      ),
    );
    expect(res.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(res.map((r) => r.body.index).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
    const sa = (await a.api("/v1/group")).body;
    const sb = (await b.api("/v1/group")).body;
    expect(sa).toEqual(sb);
    const members = (await b.api("/v1/group/members?limit=100")).body.members as string[];
    expect(new Group(members.map(BigInt)).root.toString()).toBe(sa.root);
    // Same person via the other replica is refused.
    const again = await b.api("/v1/enroll", {
      body: {
        attesterPublicKey: ["11", "22"],
        identityCommitment: "999",
        capturedAt: a.clock.t,
        tags: tags(3),
      },
    });
    expect(again.body.error.code).toBe("DUPLICATE_PERSON");
  });
});
