import type { MembershipProof } from "@zkpop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MembershipVerifier } from "../src/verifiers.js";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "./helpers/http.js";
import { proofPool, SHOP_POOL } from "./helpers/proofs.js";
import { realVerifier, seedGroup } from "./helpers/real.js";

// API-key rotation with real proofs: the rpId, its scopes and its nullifiers survive it; the
// old key works through its grace period and not after; revocation stays immediate.

let verifier: MembershipVerifier;
let s: TestServer;
let P: MembershipProof[];

beforeAll(async () => {
  [P, verifier] = await Promise.all([proofPool(SHOP_POOL), realVerifier({ processes: 0 })]);
  s = await startTestServer({
    verifiers: { membership: verifier, enrollment: { verifyEnrollment: async () => null } },
    config: { rateLimit: { windowMs: 60_000, perIp: 1e6, perApiKey: 1e6 } },
  });
  await seedGroup(s);
});
afterAll(async () => {
  await s?.close();
  await verifier?.close?.();
});

const admin = (path: string, body?: unknown) =>
  s.api(path, { method: body === undefined ? "GET" : "POST", body, token: ADMIN_TOKEN });
const consume = (proof: MembershipProof, token: string) =>
  s.api("/v1/consume", { body: { action: "signup", proof }, token });

describe("API-key rotation", () => {
  it("keeps nullifiers: a proof consumed under the old key is NULLIFIER_USED under the new one", async () => {
    const oldKey = (await admin("/v1/admin/services", { rpId: "shop", name: "Shop" })).body.apiKey as string;
    expect((await consume(P[0]!, oldKey)).status).toBe(201);

    s.clock.t += 1_000; // keys list in creation order
    const rotated = await admin("/v1/admin/services/shop/keys", { retireOthersAfterMs: 3_600_000 });
    expect(rotated.status).toBe(201);
    const newKey = rotated.body.apiKey as string;
    expect(newKey).not.toBe(oldKey);
    expect(rotated.body.keys.map((k: { expiresAt: number | null }) => k.expiresAt)).toEqual([
      s.clock.t + 3_600_000,
      null,
    ]);
    // P[1]: the same person and scope (same nullifier), another proof.
    expect(P[1]!.nullifier).toBe(P[0]!.nullifier);
    expect(await consume(P[1]!, newKey)).toMatchObject({
      status: 409,
      body: { error: { code: "NULLIFIER_USED" } },
    });
    expect(await consume(P[0]!, newKey)).toMatchObject({
      status: 200,
      body: { firstUse: false, scope: "shop:signup" },
    });
    // Another person: accepted under the new key, then refused under the old one too.
    expect((await consume(P[2]!, newKey)).status).toBe(201);
    expect(
      (await s.api("/v1/verify", { body: { action: "signup", proof: P[2] }, token: oldKey })).body,
    ).toMatchObject({
      valid: true,
      nullifierUsed: true,
    });

    // Grace period over: the old key stops, the new one goes on.
    s.clock.t += 3_600_000;
    expect(await consume(P[0]!, oldKey)).toMatchObject({
      status: 401,
      body: { error: { code: "UNAUTHORIZED" } },
    });
    expect((await consume(P[0]!, newKey)).status).toBe(200);
  });

  it("at most two active keys; retire at once; revocation stops every key immediately", async () => {
    const first = (await admin("/v1/admin/services", { rpId: "rival", name: "Rival" })).body.apiKey as string;
    s.clock.t += 1_000; // keys list in creation order
    const second = (await admin("/v1/admin/services/rival/keys", {})).body.apiKey as string;
    expect(await admin("/v1/admin/services/rival/keys", {})).toMatchObject({
      status: 409,
      body: { error: { code: "TOO_MANY_KEYS" } },
    });
    const keys = (await admin("/v1/admin/services/rival/keys")).body.keys as Array<{ id: string }>;
    expect(keys).toHaveLength(2);
    expect(JSON.stringify(keys)).not.toContain(first.slice(6, 20));
    const retired = await admin(`/v1/admin/services/rival/keys/${keys[0]!.id}/retire`, {});
    expect(retired.body.key.expiresAt).toBe(s.clock.t);
    expect((await consume(P[3]!, first)).status).toBe(401);
    expect((await consume(P[3]!, second)).status).toBe(201);
    expect((await admin("/v1/admin/services/rival/revoke", {})).status).toBe(200);
    expect((await consume(P[3]!, second)).status).toBe(401);
    expect(await admin("/v1/admin/services/rival/keys", {})).toMatchObject({
      status: 403,
      body: { error: { code: "FORBIDDEN" } },
    });
    for (const [path, code] of [
      ["/v1/admin/services/nobody/keys", "NOT_FOUND"],
      ["/v1/admin/services/rival/keys/ffffffffffffffff/retire", "NOT_FOUND"],
      ["/v1/admin/services/rival/keys/not-an-id/retire", "INVALID_REQUEST"],
    ] as const)
      expect((await admin(path, {})).body.error.code, path).toBe(code);
    expect((await admin("/v1/admin/services/shop/keys", { retireOthersAfterMs: -1 })).body.error.code).toBe(
      "INVALID_REQUEST",
    );
  });
});
