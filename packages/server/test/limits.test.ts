import { scopeToField } from "@zkpop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commitment } from "./helpers/fixtures.js";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "./helpers/http.js";

// Limits by role: public and admin calls count per address, relying-service calls per service
// (all its keys together), never both. A service's backend behind one address gets its own
// quota, far above the per-address one. Small limits here; bench/server.ts runs the defaults.

const PER_IP = 5;
const PER_SERVICE = 25;
let s: TestServer;
let root: string;

beforeAll(async () => {
  s = await startTestServer({
    config: { rateLimit: { windowMs: 60_000, perIp: PER_IP, perApiKey: PER_SERVICE } },
  });
  await s.context.group.insert(commitment(1), [], 3);
  root = s.context.group.state().root!;
});
afterAll(() => s?.close());

function body(rpId: string, n: number) {
  return {
    action: "signup",
    proof: {
      merkleTreeDepth: 20,
      merkleTreeRoot: root,
      nullifier: String(1000 + n),
      message: "1",
      scope: scopeToField(`${rpId}:signup`).toString(),
      points: Array(8).fill("1"),
    },
  };
}

describe("rate limits by role", () => {
  it("a relying service on one address sustains its per-service limit, then RATE_LIMITED", async () => {
    // Admin calls count against this address (3 of PER_IP): the services and a second key.
    const shop = (
      await s.api("/v1/admin/services", { body: { rpId: "shop", name: "Shop" }, token: ADMIN_TOKEN })
    ).body.apiKey as string;
    const rival = (
      await s.api("/v1/admin/services", { body: { rpId: "rival", name: "R" }, token: ADMIN_TOKEN })
    ).body.apiKey as string;
    const shop2 = (await s.api("/v1/admin/services/shop/keys", { body: {}, token: ADMIN_TOKEN })).body
      .apiKey as string;
    // PER_SERVICE consumes from one address, five times the per-address limit, alternating
    // the service's two keys: every one accepted.
    for (let i = 0; i < PER_SERVICE; i++) {
      const r = await s.api("/v1/consume", { body: body("shop", i), token: i % 2 ? shop2 : shop });
      expect(r.status, `call ${i}`).toBe(201);
    }
    // The service's keys share one quota: the next call is refused, with the reset time.
    const over = await s.api("/v1/consume", { body: body("shop", 999), token: shop2 });
    expect(over).toMatchObject({ status: 429, body: { error: { code: "RATE_LIMITED" } } });
    expect(over.body.error.message).toContain("relying service");
    expect(over.headers.get("ratelimit")).toMatch(/"25-in-1min"; r=0/);
    // Another service on the same address has its own quota.
    expect((await s.api("/v1/verify", { body: body("rival", 1), token: rival })).status).toBe(200);
    // Public calls from this address have what the three admin calls left of its budget.
    let last = 0;
    let served = 0;
    for (let i = 0; i < PER_IP; i++) {
      last = (await s.api("/v1/group")).status;
      if (last === 200) served++;
    }
    expect(served).toBe(PER_IP - 3);
    expect(last).toBe(429);
    // Probes are never limited; relying-service calls are not counted per address.
    expect((await s.api("/v1/health")).status).toBe(200);
    expect((await s.api("/v1/verify", { body: body("rival", 2), token: rival })).status).toBe(200);
  });

  it("calls without a valid key count against the address, not any service", async () => {
    const t = await startTestServer({
      config: { rateLimit: { windowMs: 60_000, perIp: 3, perApiKey: 100 } },
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push(
          (await t.api("/v1/verify", { body: body("shop", i), token: `zkpop_guess${i}` })).status,
        );
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await t.close();
    }
  });
});
