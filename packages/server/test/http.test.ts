import { Group } from "@semaphore-protocol/group";
import { scopeToField } from "@zkpop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";
import { startServer } from "../src/server.js";
import type { EnrollmentClaims, MembershipProof, Verifiers } from "../src/verifiers.js";
import { commitment, tagsFor } from "./helpers/fixtures.js";
import { ADMIN_TOKEN, FAKE_VERIFIERS, PEPPER, startTestServer, type TestServer } from "./helpers/http.js";

const P = "21888242871839275222246405745257275088548364400416034343698204186575808495617";
const TAGS = (p: string) =>
  Array.from({ length: 8 }, (_, i) => String(BigInt(`0x${tagsFor(p)[i]!.slice(0, 40)}`)));

// Fake proof checks: the registry logic around them is what is under test here.
const fake = FAKE_VERIFIERS;

/** Request body for scope "rpId:action": the action goes in the body, the scope in the proof. */
function req(scope: string, p: MembershipProof) {
  return { action: scope.split(":")[1]!, proof: { ...p, scope: scopeToField(scope).toString() } };
}

function proof(root: string, nullifier: string, variant = "1", message = "1"): MembershipProof {
  return {
    merkleTreeDepth: 20,
    merkleTreeRoot: root,
    nullifier,
    message,
    scope: "5",
    points: Array(8).fill(variant),
  };
}

describe("http: basics", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ config: { bodyLimitBytes: 1024 } });
  });
  afterAll(() => s.close());

  it("health, readiness, metrics and security headers", async () => {
    const h = await s.api("/v1/health");
    expect(h).toMatchObject({ status: 200, body: { status: "ok" } });
    expect(h.headers.get("x-content-type-options")).toBe("nosniff");
    expect(h.headers.get("x-powered-by")).toBeNull();
    expect(await s.api("/v1/ready")).toMatchObject({ status: 200, body: { status: "ready" } });
    const m = await s.api("/metrics");
    expect(m.status).toBe(200);
    expect(m.body).toContain('zkpop_http_requests_total{route="/v1/health",method="GET",status="200"} 1');
  });

  it("typed JSON errors: not found, bad JSON, wrong media type, oversize", async () => {
    expect(await s.api("/v1/nope")).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND" } } });
    const badJson = await s.api("/v1/admin/attesters", { raw: "{not json", token: ADMIN_TOKEN });
    expect(badJson).toMatchObject({ status: 400, body: { error: { code: "INVALID_JSON" } } });
    const text = await s.api("/v1/admin/attesters", {
      raw: "hello",
      contentType: "text/plain",
      token: ADMIN_TOKEN,
    });
    expect(text).toMatchObject({ status: 415, body: { error: { code: "UNSUPPORTED_MEDIA_TYPE" } } });
    const big = await s.api("/v1/admin/attesters", { body: { label: "x".repeat(2000) }, token: ADMIN_TOKEN });
    expect(big).toMatchObject({ status: 413, body: { error: { code: "PAYLOAD_TOO_LARGE" } } });
    expect(await s.api("/v1/admin/attesters", { raw: "[1,2]", token: ADMIN_TOKEN })).toMatchObject({
      status: 400,
      body: { error: { code: "INVALID_REQUEST" } },
    });
    expect(typeof (await s.api("/v1/nope")).body.error.message).toBe("string");
  });

  it("refuses to start without verifiers (no placeholder that answers 501)", async () => {
    const config = loadConfig({
      env: {},
      overrides: { pepper: PEPPER, port: 0, db: { kind: "sqlite", path: ":memory:" } },
    });
    await expect(startServer({ config } as unknown as Parameters<typeof startServer>[0])).rejects.toThrow(
      /needs verifiers/,
    );
  });
});

describe("http: admin", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  it("requires the admin token", async () => {
    expect(await s.api("/v1/admin/attesters")).toMatchObject({
      status: 401,
      body: { error: { code: "UNAUTHORIZED" } },
    });
    const wrong = await s.api("/v1/admin/attesters", { token: "x".repeat(40) });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toContain("Bearer");
    const disabled = await startTestServer({ config: { adminToken: undefined } });
    expect(await disabled.api("/v1/admin/attesters", { token: ADMIN_TOKEN })).toMatchObject({
      status: 403,
      body: { error: { code: "FORBIDDEN" } },
    });
    await disabled.close();
  });

  it("adds, lists and revokes attesters", async () => {
    const add = await s.api("/v1/admin/attesters", {
      body: { publicKey: ["1", "2"], label: "kiosk" },
      token: ADMIN_TOKEN,
    });
    expect(add).toMatchObject({
      status: 201,
      body: { attester: { publicKey: ["1", "2"], label: "kiosk", revokedAt: null } },
    });
    const id = add.body.attester.id;
    expect(
      await s.api("/v1/admin/attesters", {
        body: { publicKey: ["1", "2"], label: "again" },
        token: ADMIN_TOKEN,
      }),
    ).toMatchObject({
      status: 409,
      body: { error: { code: "ALREADY_EXISTS" } },
    });
    for (const bad of [[P, "1"], ["01", "1"], ["-1", "1"], ["0x1", "1"], [1, 2], ["1"]]) {
      const r = await s.api("/v1/admin/attesters", {
        body: { publicKey: bad, label: "x" },
        token: ADMIN_TOKEN,
      });
      expect(r.status, JSON.stringify(bad)).toBe(400);
    }
    expect(
      (await s.api("/v1/admin/attesters", { body: { publicKey: [P, "1"], label: "x" }, token: ADMIN_TOKEN }))
        .body.error.code,
    ).toBe("NON_CANONICAL_FIELD");
    expect((await s.api("/v1/admin/attesters", { token: ADMIN_TOKEN })).body.attesters).toHaveLength(1);
    expect((await s.api("/v1/info")).body.attesters).toEqual([{ id, publicKey: ["1", "2"], label: "kiosk" }]);
    const rev = await s.api(`/v1/admin/attesters/${id}/revoke`, { method: "POST", token: ADMIN_TOKEN });
    expect(rev.status).toBe(200);
    expect(rev.body.attester.revokedAt).toBe(s.clock.t);
    expect(
      (await s.api(`/v1/admin/attesters/${id}/revoke`, { method: "POST", token: ADMIN_TOKEN })).status,
    ).toBe(200);
    expect(
      await s.api("/v1/admin/attesters/ffff/revoke", { method: "POST", token: ADMIN_TOKEN }),
    ).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND" } } });
    expect((await s.api("/v1/info")).body.attesters).toEqual([]);
  });

  it("adds relying services, returns the API key once, revokes them", async () => {
    const add = await s.api("/v1/admin/services", {
      body: { rpId: "forum.example", name: "Forum" },
      token: ADMIN_TOKEN,
    });
    expect(add.status).toBe(201);
    expect(add.body.apiKey).toMatch(/^zkpop_[A-Za-z0-9_-]{43}$/);
    expect(add.body.service).toMatchObject({ rpId: "forum.example", name: "Forum", revokedAt: null });
    const list = await s.api("/v1/admin/services", { token: ADMIN_TOKEN });
    expect(JSON.stringify(list.body)).not.toContain(add.body.apiKey);
    expect(list.body.services).toHaveLength(1);
    expect(
      (await s.api("/v1/admin/services", { body: { rpId: "forum.example", name: "X" }, token: ADMIN_TOKEN }))
        .status,
    ).toBe(409);
    for (const rpId of ["", "Forum", "a:b", "-x", "x".repeat(64), 5]) {
      expect(
        (await s.api("/v1/admin/services", { body: { rpId, name: "X" }, token: ADMIN_TOKEN })).body.error
          .code,
      ).toBe("INVALID_REQUEST");
    }
    const key = add.body.apiKey;
    const body = req("forum.example:post", proof("1", "2"));
    expect((await s.api("/v1/verify", { body, token: key })).body.error.code).toBe("UNKNOWN_ROOT"); // authenticated
    const rev = await s.api("/v1/admin/services/forum.example/revoke", {
      method: "POST",
      token: ADMIN_TOKEN,
    });
    expect(rev.body.service.revokedAt).not.toBeNull();
    expect(await s.api("/v1/verify", { body, token: key })).toMatchObject({
      status: 401,
      body: { error: { code: "UNAUTHORIZED" } },
    });
    expect(
      (await s.api("/v1/admin/services/nobody/revoke", { method: "POST", token: ADMIN_TOKEN })).status,
    ).toBe(404);
  });

  it("never logs secrets", async () => {
    await s.api("/v1/admin/services", { body: { rpId: "logcheck", name: "L" }, token: ADMIN_TOKEN });
    const all = s.logs.join("");
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain(ADMIN_TOKEN);
    expect(all).not.toContain(PEPPER);
    expect(all).not.toContain("zkpop_"); // no API key
    expect(all).toContain('"pepper":"[redacted]"');
  });
});

describe("http: group state and members", () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  it("pages members so a holder can rebuild the tree locally", async () => {
    expect((await s.api("/v1/group")).body).toEqual({ root: null, size: 0, treeDepth: 0, circuitDepth: 20 });
    for (let i = 0; i < 10; i++)
      await s.context.group.insert(commitment(i), s.context.tagHasher.hashAll(TAGS(`m${i}`)), 3);
    const state = (await s.api("/v1/group")).body;
    expect(state.size).toBe(10);
    const members: string[] = [];
    let from: number | null = 0;
    while (from !== null) {
      const page: { body: { members: string[]; next: number | null; root: string } } = await s.api(
        `/v1/group/members?from=${from}&limit=3`,
      );
      expect(page.body.root).toBe(state.root);
      members.push(...page.body.members);
      from = page.body.next;
    }
    expect(members).toEqual(Array.from({ length: 10 }, (_, i) => commitment(i)));
    expect(new Group(members.map(BigInt)).root.toString()).toBe(state.root);
    expect((await s.api("/v1/group/members?from=10")).body).toMatchObject({ members: [], next: null });
    for (const q of ["from=-1", "limit=0", "limit=10001", "from=abc", "extra=1"]) {
      expect((await s.api(`/v1/group/members?${q}`)).body.error.code, q).toBe("INVALID_REQUEST");
    }
  });
});

describe("http: enroll, verify and consume with injected verifiers", () => {
  let s: TestServer;
  let key: string;
  let otherKey: string;
  const attester = ["11", "22"] as const;
  beforeAll(async () => {
    s = await startTestServer({
      verifiers: fake,
      config: {
        rootValidityMs: 60_000,
        captureFreshnessMs: 600_000,
        rateLimit: { windowMs: 60_000, perIp: 100_000, perApiKey: 100_000 },
      },
    });
    await s.api("/v1/admin/attesters", { body: { publicKey: attester, label: "kiosk" }, token: ADMIN_TOKEN });
    key = (await s.api("/v1/admin/services", { body: { rpId: "shop", name: "Shop" }, token: ADMIN_TOKEN }))
      .body.apiKey;
    otherKey = (
      await s.api("/v1/admin/services", { body: { rpId: "rival", name: "Rival" }, token: ADMIN_TOKEN })
    ).body.apiKey;
  });
  afterAll(() => s.close());

  const claims = (n: number, person: string, over: Partial<EnrollmentClaims> = {}) => ({
    attesterPublicKey: attester,
    identityCommitment: commitment(n),
    capturedAt: s.clock.t - 1_000,
    tags: TAGS(person),
    ...over,
  });

  it("enrolls, refuses duplicates and untrusted or stale captures", async () => {
    const ok = await s.api("/v1/enroll", { body: claims(1, "alice") });
    expect(ok).toMatchObject({ status: 201, body: { index: 0 } });
    expect(ok.body.root).toBe(s.context.group.state().root);
    expect((await s.api("/v1/enroll", { body: claims(2, "alice") })).body.error.code).toBe(
      "DUPLICATE_PERSON",
    );
    expect((await s.api("/v1/enroll", { body: claims(1, "bob") })).body.error.code).toBe("ALREADY_MEMBER");
    expect(
      (await s.api("/v1/enroll", { body: claims(3, "bob", { attesterPublicKey: ["1", "1"] }) })).body.error
        .code,
    ).toBe("UNKNOWN_ATTESTER");
    expect(
      (await s.api("/v1/enroll", { body: claims(3, "bob", { capturedAt: s.clock.t - 700_000 }) })).body.error
        .code,
    ).toBe("STALE_CAPTURE");
    expect(
      (await s.api("/v1/enroll", { body: claims(3, "bob", { capturedAt: s.clock.t + 120_000 }) })).body.error
        .code,
    ).toBe("STALE_CAPTURE");
    expect(
      (await s.api("/v1/enroll", { body: claims(3, "bob", { identityCommitment: P }) })).body.error.code,
    ).toBe("NON_CANONICAL_FIELD");
    expect((await s.api("/v1/enroll", { body: { ...claims(3, "bob"), valid: false } })).body.error.code).toBe(
      "INVALID_PROOF",
    );
    expect((await s.api("/v1/group")).body.size).toBe(1);
    expect((await s.api("/v1/enroll", { body: claims(3, "bob") })).status).toBe(201);
  });

  it("verify and consume: scope binding, roots, idempotent retry, nullifier reuse", async () => {
    const root = s.context.group.state().root!;
    const p = proof(root, "4242");
    const body = req("shop:signup", p);
    expect(await s.api("/v1/verify", { body })).toMatchObject({ status: 401 });
    expect((await s.api("/v1/verify", { body, token: otherKey })).body.error.code).toBe("SCOPE_MISMATCH");
    expect((await s.api("/v1/consume", { body, token: otherKey })).body.error.code).toBe("SCOPE_MISMATCH");
    expect(
      (await s.api("/v1/verify", { body: { ...body, proof: { ...body.proof, message: "666" } }, token: key }))
        .body.error.code,
    ).toBe("INVALID_PROOF");
    expect(
      (await s.api("/v1/verify", { body: { ...body, proof: { ...body.proof, nullifier: P } }, token: key }))
        .body.error.code,
    ).toBe("NON_CANONICAL_FIELD");
    expect(
      (await s.api("/v1/verify", { body: { ...body, action: "shop:signup" }, token: key })).body.error.code,
    ).toBe("INVALID_REQUEST");

    expect(await s.api("/v1/verify", { body, token: key })).toMatchObject({
      status: 200,
      body: { valid: true, nullifierUsed: false },
    });
    expect(await s.api("/v1/consume", { body, token: key })).toMatchObject({
      status: 201,
      body: { consumed: true, firstUse: true },
    });
    expect(await s.api("/v1/consume", { body, token: key })).toMatchObject({
      status: 200,
      body: { consumed: true, firstUse: false },
    });
    expect(await s.api("/v1/verify", { body, token: key })).toMatchObject({
      status: 200,
      body: { nullifierUsed: true },
    });
    const other = req("shop:signup", proof(root, "4242", "2"));
    expect(await s.api("/v1/consume", { body: other, token: key })).toMatchObject({
      status: 409,
      body: { error: { code: "NULLIFIER_USED" } },
    });
    // Same nullifier in another action's scope is a different use.
    expect((await s.api("/v1/consume", { body: req("shop:vote", other.proof), token: key })).status).toBe(
      201,
    );
  });

  it("a superseded root is accepted within the window, then expired", async () => {
    const old = s.context.group.state().root!;
    await s.api("/v1/enroll", { body: claims(10, "carol") });
    s.clock.t += 59_000;
    expect((await s.api("/v1/verify", { body: req("shop:a", proof(old, "1")), token: key })).status).toBe(
      200,
    );
    s.clock.t += 2_000;
    expect(
      (await s.api("/v1/verify", { body: req("shop:a", proof(old, "1")), token: key })).body.error.code,
    ).toBe("EXPIRED_ROOT");
    expect(
      (await s.api("/v1/verify", { body: req("shop:a", proof("5", "1")), token: key })).body.error.code,
    ).toBe("UNKNOWN_ROOT");
  });
});

describe("http: shutdown", () => {
  it("lets in-flight requests finish, then refuses new connections", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const slow: Verifiers = {
      ...fake,
      enrollment: {
        verifyEnrollment: async (b) => {
          await gate;
          return b as EnrollmentClaims;
        },
      },
    };
    const s = await startTestServer({ verifiers: slow });
    await s.api("/v1/admin/attesters", { body: { publicKey: ["11", "22"], label: "k" }, token: ADMIN_TOKEN });
    const inflight = s.api("/v1/enroll", {
      body: {
        attesterPublicKey: ["11", "22"],
        identityCommitment: "77",
        capturedAt: s.clock.t,
        tags: TAGS("z"),
      },
    });
    await new Promise((r) => setTimeout(r, 100));
    const closing = s.close();
    expect(s.context.lifecycle.ready).toBe(false);
    release();
    expect((await inflight).status).toBe(201);
    await closing;
    await expect(fetch(`${s.url}/v1/health`)).rejects.toThrow();
  });
});
