import { Group } from "@semaphore-protocol/group";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GroupService } from "../src/group.js";
import type { ConsumeOutcome, Storage } from "../src/storage/types.js";
import { backends } from "./helpers/backends.js";
import { commitment, tagsFor, th } from "./helpers/fixtures.js";

const N = 1_000;

function tally(outcomes: ConsumeOutcome[]): Record<ConsumeOutcome, number> {
  const t = { inserted: 0, idempotent: 0, conflict: 0 };
  for (const o of outcomes) t[o]++;
  return t;
}

// Two handles on one database: for SQLite two connections to one file, for Postgres two
// separate pools, i.e. two replicas racing each other.
describe.each(backends())("concurrency: $name", (backend) => {
  beforeAll(() => backend.setup(), 30_000);
  afterAll(() => backend.teardown(), 30_000);

  async function twoReplicas(): Promise<[Storage, Storage]> {
    const { storage, reopen } = await backend.open();
    return [storage, await reopen()];
  }

  it(`${N} concurrent submissions of one nullifier with different proofs: exactly one inserted`, async () => {
    const [a, b] = await twoReplicas();
    const outcomes = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        (i % 2 ? a : b).consumeNullifier({ scope: "rp:act", nullifier: "77", proofHash: th(`p${i}`) }),
      ),
    );
    expect(tally(outcomes)).toEqual({ inserted: 1, idempotent: 0, conflict: N - 1 });
  });

  it(`${N} concurrent retries of the very same proof: one inserted, the rest idempotent`, async () => {
    const [a, b] = await twoReplicas();
    const outcomes = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        (i % 2 ? a : b).consumeNullifier({ scope: "rp:act", nullifier: "78", proofHash: th("same") }),
      ),
    );
    expect(tally(outcomes)).toEqual({ inserted: 1, idempotent: N - 1, conflict: 0 });
  });

  it("concurrent member inserts from two replicas: dense unique indexes and one root chain", async () => {
    const [sa, sb] = await twoReplicas();
    const a = new GroupService(sa);
    const b = new GroupService(sb);
    const per = 30;
    const results = await Promise.all(
      Array.from({ length: 2 * per }, (_, i) => (i % 2 ? a : b).insert(commitment(i), tagsFor(`c${i}`), 3)),
    );
    const indexes = results.map((r) => (r.kind === "inserted" ? r.member.index : -1)).sort((x, y) => x - y);
    expect(indexes).toEqual(Array.from({ length: 2 * per }, (_, i) => i));

    const members = await sa.listMembers(0, 1_000);
    const expected = new Group(members.map((m) => BigInt(m.identityCommitment)));
    expect((await sa.currentRoot())?.root).toBe(expected.root.toString());
    // Every intermediate root is stored, for sizes 1..n, each superseded except the last.
    for (const r of results) {
      if (r.kind !== "inserted") continue;
      const rec = await sb.getRoot(r.root);
      expect(rec?.size).toBe(r.member.index + 1);
      expect(rec?.supersededAt === null).toBe(r.member.index === 2 * per - 1);
    }
    expect((await a.sync()).root).toBe(expected.root.toString());
    expect((await b.sync()).root).toBe(expected.root.toString());
  });

  it("the same person racing on two replicas is enrolled once", async () => {
    const [sa, sb] = await twoReplicas();
    const a = new GroupService(sa);
    const b = new GroupService(sb);
    const tags = tagsFor("eve");
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).insert(commitment(100 + i), tags, 3)),
    );
    expect(results.filter((r) => r.kind === "inserted")).toHaveLength(1);
    expect(results.filter((r) => r.kind === "duplicate_person")).toHaveLength(19);
    expect(await sa.countMembers()).toBe(1);
  });
});
