import { Group } from "@zkpop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type EnrollmentFixtures,
  enrollmentFixtures,
  FIXTURE_CAPTURED_AT,
  orlCrop,
  SAME_PERSON,
  sharedTags,
} from "../../../test/enrollment-fixtures.js";
import { loadConfig } from "../src/config.js";
import type { Verifiers } from "../src/verifiers.js";
import { createEnrollmentVerifier } from "../src/verify/enrollment.js";
import { ADMIN_TOKEN, PEPPER, startTestServer, type TestServer } from "./helpers/http.js";
import { realVerifier } from "./helpers/real.js";

// POST /v1/enroll end to end with real enrollment proofs (made by the global setup) and the
// real verifier: enroll, duplicate person, replay, untrusted and revoked attesters, stale
// captures, tampered public signals.

let F: EnrollmentFixtures;
let verifiers: Verifiers;
let s: TestServer;
let m: number;

beforeAll(async () => {
  F = await enrollmentFixtures();
  verifiers = {
    membership: await realVerifier({ processes: 0 }),
    enrollment: await createEnrollmentVerifier({}),
  };
  // The registry's default m must let these distinct people in and catch the same face.
  m = loadConfig({ env: { ZKPOP_PEPPER: PEPPER } }).dedupThreshold;
  expect(F.maxSharedTags).toBeLessThan(m);
  expect(m).toBeLessThanOrEqual(F.people[0]!.tags.length);
  s = await startTestServer({ verifiers, config: { dedupThreshold: m } });
  s.clock.t = FIXTURE_CAPTURED_AT * 1000 + 5_000;
});
afterAll(async () => {
  await s?.close();
  await verifiers?.membership.close?.();
  await verifiers?.enrollment.close?.();
});

const enroll = (body: unknown) => s.api("/v1/enroll", { body });
const code = async (body: unknown) => (await enroll(body)).body.error?.code;

describe("POST /v1/enroll with real enrollment proofs", () => {
  it("publishes the enrollment circuit, refuses untrusted signers, then enrolls distinct people", async () => {
    const info = (await s.api("/v1/info")).body;
    expect(info.circuits.enrollment.id).toBe(F.circuit);
    expect(info.modelManifest.crop).toEqual({ width: 32, height: 32 });

    expect(await code(F.people[0])).toBe("UNKNOWN_ATTESTER"); // no attester trusted yet
    const add = await s.api("/v1/admin/attesters", {
      body: { publicKey: [F.attester.x, F.attester.y], label: "kiosk 1" },
      token: ADMIN_TOKEN,
    });
    expect(add.status).toBe(201);

    const last = F.people.length - 1;
    for (const [i, p] of F.people.slice(0, last).entries()) {
      const r = await enroll(p);
      expect(r, `person ${i}`).toMatchObject({ status: 201, body: { index: i } });
    }
    const group = new Group(F.people.slice(0, last).map((p) => BigInt(p.identityCommitment)));
    expect((await s.api("/v1/group")).body).toMatchObject({ root: group.root.toString(), size: last });
  });

  it("refuses another photo of an enrolled person under another identity, and a replay, without changing the group", async () => {
    // Another capture, not the same pixels: its tags differ from the first's, yet m of them agree.
    expect(Buffer.from(orlCrop(SAME_PERSON.other)).equals(Buffer.from(orlCrop(SAME_PERSON.first)))).toBe(
      false,
    );
    expect(F.sybil.tags).not.toEqual(F.people[0]!.tags);
    expect(sharedTags(F.sybil.tags, F.people[0]!.tags)).toBe(F.sybilSharedTags);
    expect(F.sybilSharedTags).toBeGreaterThanOrEqual(m);
    const before = (await s.api("/v1/group")).body;
    expect(await code(F.sybil)).toBe("DUPLICATE_PERSON");
    expect(await code(F.people[1])).toBe("ALREADY_MEMBER");
    expect((await s.api("/v1/group")).body).toEqual(before);
  });

  it("refuses tampered public signals and proofs for another circuit", async () => {
    const p = F.people.at(-1)!;
    const tags = [...p.tags];
    tags[5] = "12345";
    const cases: Array<[unknown, string]> = [
      [{ ...p, tags }, "INVALID_PROOF"],
      [{ ...p, identityCommitment: F.people[0]!.identityCommitment }, "INVALID_PROOF"],
      [{ ...p, capturedAt: p.capturedAt - 1 }, "INVALID_PROOF"],
      [{ ...p, points: F.people[0]!.points }, "INVALID_PROOF"],
      [{ ...p, circuit: "f".repeat(64) }, "CIRCUIT_MISMATCH"],
      [{ ...p, tags: p.tags.slice(1) }, "INVALID_REQUEST"],
    ];
    for (const [body, want] of cases) expect(await code(body)).toBe(want);
  });

  it("refuses a stale capture and a revoked attester's, then takes the fresh, trusted one", async () => {
    const p = F.people.at(-1)!;
    const now = s.clock.t;
    s.clock.t = now + 3_600_000; // an hour later: older than captureFreshnessMs
    expect(await code(p)).toBe("STALE_CAPTURE");
    s.clock.t = now;

    expect(await code(F.untrusted)).toBe("UNKNOWN_ATTESTER");
    const add = await s.api("/v1/admin/attesters", {
      body: { publicKey: [F.untrusted.attester.x, F.untrusted.attester.y], label: "stolen kiosk" },
      token: ADMIN_TOKEN,
    });
    await s.api(`/v1/admin/attesters/${add.body.attester.id}/revoke`, { method: "POST", token: ADMIN_TOKEN });
    expect(await code(F.untrusted)).toBe("ATTESTER_REVOKED");

    expect((await enroll(p)).status).toBe(201);
    expect((await s.api("/v1/group")).body.size).toBe(F.people.length);
  });
});
