import type { MembershipProof } from "@zkpop/core";
import { scopeToField } from "@zkpop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MembershipVerifier } from "../src/verifiers.js";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "./helpers/http.js";
import { commitments, negated, proofPool, SHOP_POOL, testGroup } from "./helpers/proofs.js";
import { realVerifier, seedGroup } from "./helpers/real.js";

// Real proofs through the real, micro-batched verifier: semantics of verify and consume.

let verifier: MembershipVerifier;
let s: TestServer;
let key: string;
let rivalKey: string;
let P: MembershipProof[];
const batches: number[] = [];

beforeAll(async () => {
  [P, verifier] = await Promise.all([proofPool(SHOP_POOL), realVerifier()]);
  verifier.onBatch?.((n) => batches.push(n));
  s = await startTestServer({
    verifiers: { membership: verifier, enrollment: { verifyEnrollment: async () => null } },
    config: { rateLimit: { windowMs: 60_000, perIp: 1e6, perApiKey: 1e6 } },
  });
  await seedGroup(s);
  key = (await s.api("/v1/admin/services", { body: { rpId: "shop", name: "Shop" }, token: ADMIN_TOKEN })).body
    .apiKey;
  rivalKey = (
    await s.api("/v1/admin/services", { body: { rpId: "rival", name: "Rival" }, token: ADMIN_TOKEN })
  ).body.apiKey;
});
afterAll(async () => {
  await s?.close();
  await verifier?.close?.();
});

describe("membership over HTTP with real proofs", () => {
  it("the group root matches the holders' local tree", () => {
    expect(s.context.group.state().root).toBe(testGroup().root.toString());
    expect(P[0]!.merkleTreeRoot).toBe(testGroup().root.toString());
    expect(s.context.group.state().size).toBe(commitments.length);
  });

  it("verify is stateless; consume records; same proof idempotent; another proof of that nullifier 409", async () => {
    const body = { action: "signup", proof: P[0] };
    expect(await s.api("/v1/verify", { body, token: key })).toMatchObject({
      status: 200,
      body: { valid: true, scope: "shop:signup", nullifier: P[0]!.nullifier, nullifierUsed: false },
    });
    expect(await s.api("/v1/consume", { body, token: key })).toMatchObject({
      status: 201,
      body: { firstUse: true },
    });
    expect(await s.api("/v1/consume", { body, token: key })).toMatchObject({
      status: 200,
      body: { firstUse: false },
    });
    expect((await s.api("/v1/verify", { body, token: key })).body.nullifierUsed).toBe(true);
    expect(P[1]!.nullifier).toBe(P[0]!.nullifier);
    for (const other of [P[1], negated(P[0]!)]) {
      expect(
        await s.api("/v1/consume", { body: { action: "signup", proof: other }, token: key }),
      ).toMatchObject({
        status: 409,
        body: { error: { code: "NULLIFIER_USED" } },
      });
    }
    // Another person, same scope: a different nullifier.
    expect((await s.api("/v1/consume", { body: { action: "signup", proof: P[2] }, token: key })).status).toBe(
      201,
    );
  });

  it("scope is bound to the API key: another service cannot use (or burn) this proof", async () => {
    expect(
      (await s.api("/v1/consume", { body: { action: "signup", proof: P[3] }, token: key })).body.error.code,
    ).toBe("SCOPE_MISMATCH");
    expect(
      (await s.api("/v1/consume", { body: { action: "signup", proof: P[2] }, token: rivalKey })).body.error
        .code,
    ).toBe("SCOPE_MISMATCH");
    expect(BigInt(P[3]!.scope)).toBe(scopeToField("rival:signup"));
    expect(
      (await s.api("/v1/consume", { body: { action: "signup", proof: P[3] }, token: rivalKey })).status,
    ).toBe(201);
  });

  it("a bad proof in a batch fails only itself", async () => {
    const bad = { ...P[2]!, points: [...P[2]!.points.slice(0, 6), P[0]!.points[6]!, P[0]!.points[7]!] };
    const before = batches.length;
    const res = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        s.api("/v1/verify", {
          body: { action: "signup", proof: i % 4 === 3 ? bad : P[i % 3 === 0 ? 0 : 2] },
          token: key,
        }),
      ),
    );
    expect(res.map((r) => r.status)).toEqual(Array.from({ length: 12 }, (_, i) => (i % 4 === 3 ? 400 : 200)));
    expect(res.filter((r) => r.status === 400).every((r) => r.body.error.code === "INVALID_PROOF")).toBe(
      true,
    );
    // They really went together: fewer batches than requests.
    expect(batches.length - before).toBeLessThan(12);
  });

  it("optional expected message must match", async () => {
    expect(
      (await s.api("/v1/verify", { body: { action: "signup", proof: P[2], message: "2" }, token: key })).body
        .error.code,
    ).toBe("MESSAGE_MISMATCH");
    expect(
      (await s.api("/v1/verify", { body: { action: "signup", proof: P[2], message: "1" }, token: key }))
        .status,
    ).toBe(200);
  });

  it("info names the circuit, its key hash and the group parameters; openapi lists every route", async () => {
    const info = (await s.api("/v1/info")).body;
    expect(info.circuits.membership).toMatchObject({
      circuit: "semaphore-20",
      depth: 20,
      protocol: "groth16",
    });
    expect(info.circuits.membership.sha256.vkey).toMatch(/^[0-9a-f]{64}$/);
    expect(info.groupParameters).toMatchObject({ circuitDepth: 20, maxSize: 2 ** 20 });
    expect(info.group).toMatchObject({ size: commitments.length, treeDepth: 3, circuitDepth: 20 });
    const doc = (await s.api("/v1/openapi.json")).body;
    expect(doc.openapi).toBe("3.1.0");
    for (const p of ["/v1/verify", "/v1/consume", "/v1/group/members", "/v1/info", "/v1/admin/services"])
      expect(doc.paths[p], p).toBeDefined();
    expect(JSON.stringify(doc.paths["/v1/consume"])).toContain("NULLIFIER_USED");
    const metrics = (await s.api("/metrics")).body as string;
    expect(metrics).toContain("zkpop_membership_verify_batch_size_count");
  });
});
