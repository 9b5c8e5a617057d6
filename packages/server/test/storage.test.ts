import { Group } from "@semaphore-protocol/group";
import { ArgumentError } from "@zkpop/errors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GroupService } from "../src/group.js";
import { rootStatus } from "../src/roots.js";
import { type TreeCursor, TreeDivergedError } from "../src/storage/types.js";
import { backends } from "./helpers/backends.js";
import { commitment, tagsFor, th } from "./helpers/fixtures.js";

const M = 3; // duplicate threshold used below (m-of-L with L = 8)

describe.each(backends())("storage: $name", (backend) => {
  beforeAll(() => backend.setup(), 30_000);
  afterAll(() => backend.teardown(), 30_000);

  it("migrations are idempotent", async () => {
    const { storage, reopen } = await backend.open();
    await storage.migrate();
    await storage.migrate();
    const again = await reopen();
    await Promise.all([again.migrate(), storage.migrate()]);
    await storage.ping();
    expect(await storage.countMembers()).toBe(0);
    expect(await storage.currentRoot()).toBeUndefined();
  });

  it("inserts members with dense indexes and the LeanIMT root of exactly those members", async () => {
    let t = 1_000;
    const { storage } = await backend.open({ now: () => t });
    const group = new GroupService(storage);
    await group.rebuild();
    const expected = new Group();
    for (let i = 0; i < 5; i++) {
      t += 10;
      const out = await group.insert(commitment(i), tagsFor(`p${i}`), M);
      expect(out.kind).toBe("inserted");
      if (out.kind !== "inserted") return;
      expected.addMember(BigInt(commitment(i)));
      expect(out.member).toEqual({ index: i, identityCommitment: commitment(i), createdAt: t });
      expect(out.root).toBe(expected.root.toString());
    }
    expect(group.state()).toEqual({ root: expected.root.toString(), size: 5, treeDepth: expected.depth });
    expect(await storage.countMembers()).toBe(5);
    const cur = await storage.currentRoot();
    expect(cur).toEqual({ root: expected.root.toString(), size: 5, createdAt: 1_050, supersededAt: null });
    // The root of size 2 was created by member 1 and superseded when member 2 arrived.
    const g2 = new Group([BigInt(commitment(0)), BigInt(commitment(1))]);
    expect(await storage.getRoot(g2.root.toString())).toEqual({
      root: g2.root.toString(),
      size: 2,
      createdAt: 1_020,
      supersededAt: 1_030,
    });
    expect(await storage.getRoot("12345")).toBeUndefined();
  });

  it("root validity window counts from supersession, not creation", async () => {
    let t = 0;
    const { storage } = await backend.open({ now: () => t });
    const group = new GroupService(storage);
    await group.insert(commitment(1), tagsFor("a"), M);
    const first = group.state().root!;
    t = 10_000; // long after creation, but not yet superseded
    expect(rootStatus(await storage.getRoot(first), t, 1_000)).toBe("current");
    await group.insert(commitment(2), tagsFor("b"), M); // supersedes `first` at t = 10 000
    t = 10_999;
    expect(rootStatus(await storage.getRoot(first), t, 1_000)).toBe("valid");
    t = 11_001;
    expect(rootStatus(await storage.getRoot(first), t, 1_000)).toBe("expired");
    expect(rootStatus(await storage.getRoot("999"), t, 1_000)).toBe("unknown");
  });

  it("refuses an already enrolled commitment and a duplicate person without changing state", async () => {
    const { storage } = await backend.open();
    const group = new GroupService(storage);
    await group.insert(commitment(1), tagsFor("alice"), M);
    await group.insert(commitment(2), tagsFor("bob"), M);
    const before = group.state();

    expect(await group.insert(commitment(1), tagsFor("someone-else"), M)).toEqual({
      kind: "already_member",
      index: 0,
    });
    // Alice again under a new identity: 3 of her 8 tags match her stored enrollment.
    const again = tagsFor("alice2", 8, { q: "alice", positions: [0, 3, 5] });
    expect(await group.insert(commitment(3), again, M)).toEqual({ kind: "duplicate_person", matchedTags: 3 });
    expect(await storage.maxTagOverlap(again)).toBe(3);

    expect(group.state()).toEqual(before);
    expect(await storage.countMembers()).toBe(2);
    expect(await storage.getMemberByCommitment(commitment(3))).toBeUndefined();
    expect(await storage.maxTagOverlap(tagsFor("alice2"))).toBe(0); // none of its tags were stored
  });

  it("m-of-L counts overlap with one stored member, not scattered over the gallery", async () => {
    const { storage } = await backend.open();
    const group = new GroupService(storage);
    await group.insert(commitment(1), tagsFor("alice"), M);
    await group.insert(commitment(2), tagsFor("bob"), M);
    // Two tags shared with Alice and two with Bob: m - 1 with each, so a new person.
    const carol = tagsFor("carol").map((h, i) => (i < 2 ? th(`alice/${i}`) : i < 4 ? th(`bob/${i}`) : h));
    expect((await group.insert(commitment(3), carol, M)).kind).toBe("inserted");
    const dave = tagsFor("dave", 8, { q: "alice", positions: [6, 7] }); // m - 1 shared
    expect((await group.insert(commitment(4), dave, M)).kind).toBe("inserted");
  });

  it("pages members in index order and rebuilds the same tree from storage", async () => {
    const { storage, reopen } = await backend.open();
    const group = new GroupService(storage);
    for (let i = 0; i < 12; i++) await group.insert(commitment(i), tagsFor(`m${i}`), M);
    const page = await storage.listMembers(5, 4);
    expect(page.map((m) => m.index)).toEqual([5, 6, 7, 8]);
    expect(page.map((m) => m.identityCommitment)).toEqual([5, 6, 7, 8].map(commitment));
    expect(await storage.listMembers(12, 10)).toEqual([]);

    const restarted = new GroupService(await reopen());
    expect(await restarted.rebuild()).toEqual(group.state());
  });

  it("a replica catches up on members another replica inserted", async () => {
    const { storage, reopen } = await backend.open();
    const a = new GroupService(storage);
    const b = new GroupService(await reopen());
    await a.insert(commitment(1), tagsFor("a1"), M);
    await a.insert(commitment(2), tagsFor("a2"), M);
    // b has never synced: its insert catches up inside the transaction first.
    const out = await b.insert(commitment(3), tagsFor("b1"), M);
    expect(out.kind === "inserted" && out.member.index).toBe(2);
    expect(b.state().size).toBe(3);
    expect(a.state().size).toBe(2);
    expect(await a.sync()).toEqual(b.state());
    const out2 = await a.insert(commitment(4), tagsFor("a3"), M);
    expect(out2.kind === "inserted" && out2.root).toBe(
      new Group([1, 2, 3, 4].map((n) => BigInt(commitment(n)))).root.toString(),
    );
  });

  it("refuses to write when the caller's tree disagrees with the stored root", async () => {
    const { storage } = await backend.open();
    const group = new GroupService(storage);
    await group.insert(commitment(1), tagsFor("x"), M);
    const liar: TreeCursor = { size: () => 1, root: () => "42", append: () => "43" };
    await expect(
      storage.insertMember(
        { identityCommitment: commitment(2), tagHashes: tagsFor("y"), duplicateThreshold: M },
        liar,
      ),
    ).rejects.toBeInstanceOf(TreeDivergedError);
    expect(await storage.countMembers()).toBe(1);
    expect(await storage.maxTagOverlap(tagsFor("y"))).toBe(0);
  });

  it("rolls back member and tags when the tree step fails, and the service recovers", async () => {
    const { storage } = await backend.open();
    const group = new GroupService(storage);
    await group.insert(commitment(1), tagsFor("x"), M);
    const broken: TreeCursor = {
      size: () => 1,
      root: () => group.state().root ?? undefined,
      append: () => {
        throw new Error("boom");
      },
    };
    await expect(
      storage.insertMember(
        { identityCommitment: commitment(2), tagHashes: tagsFor("y"), duplicateThreshold: M },
        broken,
      ),
    ).rejects.toThrow("boom");
    expect(await storage.countMembers()).toBe(1);
    expect(await storage.maxTagOverlap(tagsFor("y"))).toBe(0);
    expect((await storage.currentRoot())?.size).toBe(1);
    expect((await group.insert(commitment(2), tagsFor("y"), M)).kind).toBe("inserted");
  });

  it("rejects malformed insert input before touching the database", async () => {
    const { storage } = await backend.open();
    const cursor: TreeCursor = { size: () => 0, root: () => undefined, append: () => "1" };
    const base = { identityCommitment: "7", tagHashes: tagsFor("z"), duplicateThreshold: M };
    await expect(storage.insertMember({ ...base, duplicateThreshold: 0 }, cursor)).rejects.toThrow(
      ArgumentError,
    );
    await expect(storage.insertMember({ ...base, tagHashes: ["nothex"] }, cursor)).rejects.toThrow(
      ArgumentError,
    );
    await expect(storage.insertMember({ ...base, tagHashes: [th(1), th(1), th(2)] }, cursor)).rejects.toThrow(
      ArgumentError,
    );
    expect(await storage.countMembers()).toBe(0);
  });

  it("nullifiers: first use inserted, same proof idempotent, other proof refused, scopes independent", async () => {
    const { storage } = await backend.open();
    const n = { scope: "shop:signup", nullifier: "123", proofHash: th("proof-a") };
    expect(await storage.isNullifierUsed(n.scope, n.nullifier)).toBe(false);
    expect(await storage.consumeNullifier(n)).toBe("inserted");
    expect(await storage.consumeNullifier(n)).toBe("idempotent");
    expect(await storage.consumeNullifier({ ...n, proofHash: th("proof-b") })).toBe("conflict");
    expect(await storage.consumeNullifier({ ...n, scope: "shop:vote" })).toBe("inserted");
    expect(await storage.isNullifierUsed(n.scope, n.nullifier)).toBe(true);
  });

  it("attesters: add once, revoke once, a revoked key stays revoked", async () => {
    const { storage } = await backend.open();
    const key = ["11", "22"] as const;
    const a = await storage.addAttester(key, "kiosk 1");
    expect(a).toMatchObject({ publicKey: ["11", "22"], label: "kiosk 1", revokedAt: null });
    expect(a?.id).toMatch(/^[0-9a-f]{32}$/);
    expect(await storage.addAttester(key, "again")).toBeUndefined();
    expect(await storage.findAttesterByKey(key)).toEqual(a);
    expect(await storage.getAttester(a!.id)).toEqual(a);
    expect(await storage.revokeAttester(a!.id)).toBe(true);
    expect(await storage.revokeAttester(a!.id)).toBe(false);
    expect(await storage.revokeAttester("nope")).toBe(false);
    expect(await storage.addAttester(key, "re-add")).toBeUndefined();
    expect((await storage.getAttester(a!.id))?.revokedAt).not.toBeNull();
    await storage.addAttester(["33", "44"], "kiosk 2");
    expect((await storage.listAttesters()).map((x) => x.label)).toEqual(["kiosk 1", "kiosk 2"]);
  });

  it("relying services: key found by hash until revoked, rpId never reused", async () => {
    const { storage } = await backend.open();
    const s = await storage.addRelyingService("shop", "Shop Inc", th("key1"));
    expect(s).toMatchObject({ rpId: "shop", name: "Shop Inc", revokedAt: null });
    expect(await storage.addRelyingService("shop", "Other", th("key2"))).toBeUndefined();
    expect(await storage.findRelyingServiceByKeyHash(th("key1"))).toEqual(s);
    expect(await storage.findRelyingServiceByKeyHash(th("key2"))).toBeUndefined();
    expect(await storage.revokeRelyingService("shop")).toBe(true);
    expect(await storage.revokeRelyingService("shop")).toBe(false);
    expect(await storage.findRelyingServiceByKeyHash(th("key1"))).toBeUndefined();
    expect((await storage.getRelyingService("shop"))?.revokedAt).not.toBeNull();
    expect(await storage.listRelyingServices()).toHaveLength(1);
  });

  it("API keys: a second key, the first retired after a grace period, at most two active", async () => {
    let t = 10_000;
    const { storage } = await backend.open({ now: () => t });
    await storage.addRelyingService("shop", "Shop", th("old"));
    const add = (h: string, retireOthersAt?: number) =>
      storage.addApiKey({ rpId: "shop", keyHash: th(h), maxActive: 2, retireOthersAt });
    expect(await storage.addApiKey({ rpId: "nobody", keyHash: th("x"), maxActive: 2 })).toEqual({
      kind: "unknown_service",
    });
    t = 11_000;
    const added = await add("new", t + 4_000);
    expect(added).toMatchObject({ kind: "added", key: { rpId: "shop", expiresAt: null } });
    expect(await add("third")).toEqual({ kind: "too_many_keys", active: 2 });
    // Both keys work during the grace period, only the new one after it.
    expect((await storage.findRelyingServiceByKeyHash(th("old")))?.rpId).toBe("shop");
    expect((await storage.findRelyingServiceByKeyHash(th("new")))?.rpId).toBe("shop");
    const keys = await storage.listApiKeys("shop");
    expect(keys.map((k) => k.expiresAt)).toEqual([15_000, null]);
    t = 15_000;
    expect(await storage.findRelyingServiceByKeyHash(th("old"))).toBeUndefined();
    expect((await storage.findRelyingServiceByKeyHash(th("new")))?.rpId).toBe("shop");
    // Retiring now is immediate and frees a place; a later retire keeps the earlier expiry.
    const newId = keys[1]!.id;
    expect((await add("third")).kind).toBe("added");
    expect((await storage.retireApiKey("shop", newId, t + 60_000))?.expiresAt).toBe(75_000);
    expect((await storage.retireApiKey("shop", newId, t + 120_000))?.expiresAt).toBe(75_000);
    expect((await storage.retireApiKey("shop", newId, 0))?.expiresAt).toBe(t);
    expect(await storage.findRelyingServiceByKeyHash(th("new"))).toBeUndefined();
    expect(await storage.retireApiKey("shop", "ffffffffffffffff", t)).toBeUndefined();
    // Revoking the service stops every key at once, and it gets no new ones.
    expect(await storage.revokeRelyingService("shop")).toBe(true);
    expect(await storage.findRelyingServiceByKeyHash(th("third"))).toBeUndefined();
    expect(await add("fourth", t)).toEqual({ kind: "service_revoked" });
  });
});
