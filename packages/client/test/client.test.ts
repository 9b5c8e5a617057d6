import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { attestCapture, generateAttesterKey } from "@zkpop/attestation";
import { Enrollment, Identity, Membership } from "@zkpop/core";
import { DEFAULT_DEDUP_THRESHOLD } from "@zkpop/enroll-circuit";
import { ERROR_STATUS, type RunningServer } from "@zkpop/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orlCrop, SAME_PERSON, sharedTags } from "../../../test/enrollment-fixtures.js";
import {
  AdminClient,
  ERROR_CODES,
  type ErrorCode,
  HolderClient,
  httpStatus,
  isApiError,
  RelyingServiceClient,
  ZkpopApiError,
  ZkpopTransportError,
} from "../src/index.js";
import { startRegistry } from "./helpers/registry.js";

// Against a real server (real verifier processes, SQLite file) on 127.0.0.1, port 0.

const ADMIN = "admin-token-for-client-tests-0123456789";
let dir: string;
let server: RunningServer;
let membership: Membership;
let admin: AdminClient;
let holder: HolderClient;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "zkpop-client-"));
  [server, membership] = await Promise.all([startRegistry(dir, ADMIN), Membership.load({ depth: 20 })]);
  admin = new AdminClient({ baseUrl: server.url, adminToken: ADMIN });
  holder = new HolderClient({ baseUrl: server.url });
});
afterAll(async () => {
  await server?.close();
  await membership?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("@zkpop/client against a real server", () => {
  it("knows every error code the server has, with the server's HTTP status", () => {
    for (const [code, status] of Object.entries(ERROR_STATUS)) {
      expect(ERROR_CODES).toContain(code);
      expect(httpStatus(code as ErrorCode)).toBe(status);
    }
  });

  it("holder proves locally from the paged group; relying service verifies and consumes", async () => {
    const people = Array.from({ length: 5 }, (_, i) => new Identity(`client test person ${i}`));
    for (const p of people) await admin.addMember(p.commitment);
    const { apiKey } = await admin.addService("forum.example", "Forum");
    const rp = new RelyingServiceClient({ baseUrl: server.url, apiKey });

    // Pages of 2: the holder rebuilds the same tree the server has.
    const group = await holder.fetchGroup(2);
    expect(group.root.toString()).toBe((await holder.group()).root);

    const proof = await holder.prove(
      people[3]!,
      { rpId: "forum.example", action: "signup", message: 42n },
      { membership, group },
    );
    expect(await rp.verify("signup", proof)).toMatchObject({
      valid: true,
      nullifierUsed: false,
      message: "42",
    });
    expect(await rp.consume("signup", proof, { message: "42" })).toMatchObject({
      consumed: true,
      firstUse: true,
    });
    expect(await rp.consume("signup", proof)).toMatchObject({ firstUse: false }); // same proof: idempotent

    const again = await holder.prove(
      people[3]!,
      { rpId: "forum.example", action: "signup", message: 43n },
      { membership },
    );
    const err = await rp.consume("signup", again).catch((e: unknown) => e);
    expect(isApiError(err, "NULLIFIER_USED")).toBe(true);
    expect(err).toMatchObject({ status: 409, code: "NULLIFIER_USED" });
    expect((err as ZkpopApiError).requestId).toMatch(/^[0-9a-f-]{36}$/);

    // Typed errors for the other paths.
    const wrongAction = await rp.verify("vote", proof).catch((e: unknown) => e);
    expect(wrongAction).toBeInstanceOf(ZkpopApiError);
    expect((wrongAction as ZkpopApiError).code).toBe("SCOPE_MISMATCH");
    const { apiKey: otherKey } = await admin.addService("other.example", "Other");
    const other = new RelyingServiceClient({ baseUrl: server.url, apiKey: otherKey });
    await expect(other.consume("signup", proof)).rejects.toMatchObject({ code: "SCOPE_MISMATCH" });
    await admin.revokeService("other.example");
    await expect(other.verify("signup", proof)).rejects.toMatchObject({ code: "UNAUTHORIZED", status: 401 });
    await expect(rp.verify("signup", { ...proof, merkleTreeRoot: "12345" })).rejects.toMatchObject({
      code: "UNKNOWN_ROOT",
    });
  });

  it("admin calls and their errors", async () => {
    const a = await admin.addAttester(["1", "2"], "kiosk");
    expect((await admin.listAttesters()).map((x) => x.id)).toContain(a.id);
    await expect(admin.addAttester(["1", "2"], "again")).rejects.toMatchObject({ code: "ALREADY_EXISTS" });
    expect((await admin.revokeAttester(a.id)).revokedAt).not.toBeNull();
    await expect(admin.revokeAttester("nope")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(admin.addService("Bad RP", "x")).rejects.toMatchObject({ code: "INVALID_REQUEST" });
    const bad = new AdminClient({ baseUrl: server.url, adminToken: "wrong-token-wrong-token-wrong-token" });
    await expect(bad.listServices()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const c = new Identity("client test person 0").commitment;
    await expect(admin.addMember(c)).rejects.toMatchObject({ code: "ALREADY_MEMBER" });
  });

  it("transport failures are ZkpopTransportError", async () => {
    const dead = new HolderClient({ baseUrl: "http://127.0.0.1:1", timeoutMs: 2000 });
    await expect(dead.group()).rejects.toBeInstanceOf(ZkpopTransportError);
  });
});

describe("@zkpop/client enrollment against a real server", () => {
  it("proveAndEnroll proves on the device and enrolls; another photo of the same person is DUPLICATE_PERSON", async () => {
    const enrollment = await Enrollment.load();
    try {
      const kiosk = generateAttesterKey();
      await admin.addAttester([kiosk.publicKey.x.toString(), kiosk.publicKey.y.toString()], "kiosk");
      // Two captures of one ORL person (chosen by the rule beside SAME_PERSON), not the same pixels.
      const first = orlCrop(SAME_PERSON.first);
      const other = orlCrop(SAME_PERSON.other);
      expect(Buffer.from(other).equals(Buffer.from(first))).toBe(false);
      const request = (identity: Identity, pixels: Uint8Array) => ({
        identity,
        capture: pixels,
        attestation: attestCapture(kiosk.privateKey, {
          pixels,
          identityCommitment: identity.commitment,
          capturedAt: Math.floor(Date.now() / 1000),
        }),
      });
      const alice = new Identity("client test enrollee alice");
      const r = await holder.proveAndEnroll(request(alice, first), { enrollment });
      expect(r.proof.tags).toHaveLength(enrollment.manifest.lsh.tables);
      expect(await holder.group()).toMatchObject({ root: r.root, size: r.index + 1 });
      // The sybil proves on its device with the other photo: other tags, m of them equal.
      const sybil = (await enrollment.enroll(request(new Identity("client test enrollee sybil"), other)))
        .proof;
      expect(sybil.tags).not.toEqual(r.proof.tags);
      expect(sharedTags(sybil.tags, r.proof.tags)).toBeGreaterThanOrEqual(DEFAULT_DEDUP_THRESHOLD);
      const refused = await holder.enroll(sybil).catch((e: unknown) => e);
      expect(isApiError(refused, "DUPLICATE_PERSON")).toBe(true);
      expect(await holder.group()).toMatchObject({ root: r.root, size: r.index + 1 });
    } finally {
      await enrollment.close();
    }
  }, 600_000);
});
