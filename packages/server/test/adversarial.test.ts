import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { EnrollmentProof, MembershipProof } from "@zkpop/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EnrollmentFixtures, enrollmentFixtures } from "../../../test/enrollment-fixtures.js";
import { ERROR_STATUS } from "../src/errors.js";
import { SqliteStorage } from "../src/storage/sqlite.js";
import type { EnrollmentVerifier, MembershipVerifier } from "../src/verifiers.js";
import { createEnrollmentVerifier } from "../src/verify/enrollment.js";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "./helpers/http.js";
import { commitments, negated, proofPool, SHOP_POOL } from "./helpers/proofs.js";
import { realVerifier, seedGroup } from "./helpers/real.js";
import { snapshotSqlite } from "./helpers/snapshot.js";

// At least 50 malformed or adversarial inputs per endpoint: each answers a typed 4xx (never
// a 5xx) and leaves every table exactly as it was. Real proofs, real verifier.

const p = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

interface Case {
  name: string;
  body?: unknown;
  raw?: string;
  contentType?: string;
  token?: string | null;
  method?: string;
  path?: string;
  /** Expected error code (any typed 4xx when omitted). */
  code?: string;
}

let dir: string;
let dbPath: string;
let s: TestServer;
let verifier: MembershipVerifier;
let shopKey: string;
let rivalKey: string;
let goneKey: string;
let P: MembershipProof[];
let F: EnrollmentFixtures;
let enrollment: EnrollmentVerifier;

beforeAll(async () => {
  [P, verifier, F, enrollment] = await Promise.all([
    proofPool(SHOP_POOL),
    realVerifier(),
    enrollmentFixtures(),
    createEnrollmentVerifier({}),
  ]);
  dir = mkdtempSync(path.join(tmpdir(), "zkpop-adv-"));
  dbPath = path.join(dir, "db.sqlite");
  s = await startTestServer({
    verifiers: { membership: verifier, enrollment },
    storage: new SqliteStorage({ path: dbPath, now: () => 1_700_000_000_000 }),
    config: {
      adminMembers: true,
      bodyLimitBytes: 64 * 1024, // the default: an enrollment proof with 512 tags is about 40 KiB
      rateLimit: { windowMs: 60_000, perIp: 1e6, perApiKey: 1e6 },
    },
  });
  await seedGroup(s);
  const add = async (rpId: string) =>
    (await s.api("/v1/admin/services", { body: { rpId, name: rpId }, token: ADMIN_TOKEN })).body
      .apiKey as string;
  [shopKey, rivalKey, goneKey] = [await add("shop"), await add("rival"), await add("gone")];
  await s.api("/v1/admin/services/gone/revoke", { method: "POST", token: ADMIN_TOKEN });
  await s.api("/v1/admin/attesters", {
    body: { publicKey: ["11", "22"], label: "kiosk" },
    token: ADMIN_TOKEN,
  });
  expect(
    (await s.api("/v1/consume", { body: { action: "signup", proof: P[0] }, token: shopKey })).status,
  ).toBe(201);
  await s.api("/v1/admin/attesters", {
    body: { publicKey: [F.attester.x, F.attester.y], label: "test kiosk" },
    token: ADMIN_TOKEN,
  });
  expect((await s.api("/v1/enroll", { body: F.people[0] })).status).toBe(201);
});
afterAll(async () => {
  await s?.close();
  await verifier?.close?.();
  await enrollment?.close?.();
  rmSync(dir, { recursive: true, force: true });
});

/** Malformed bodies any JSON endpoint must refuse the same way. */
function genericBodies(): Case[] {
  const deep = `${"[".repeat(40_000)}${"]".repeat(40_000)}`;
  return [
    { name: "bad json", raw: "{", code: "INVALID_JSON" },
    { name: "truncated json", raw: '{"action": "sig', code: "INVALID_JSON" },
    { name: "trailing garbage", raw: "{} x", code: "INVALID_JSON" },
    { name: "single quotes", raw: "{'a': 1}", code: "INVALID_JSON" },
    { name: "NaN literal", raw: '{"a": NaN}', code: "INVALID_JSON" },
    { name: "null", raw: "null" },
    { name: "array", raw: "[]" },
    { name: "number", raw: "1" },
    { name: "string", raw: '"x"' },
    { name: "true", raw: "true" },
    { name: "empty object", body: {} },
    { name: "text/plain", raw: "hello", contentType: "text/plain", code: "UNSUPPORTED_MEDIA_TYPE" },
    {
      name: "form",
      raw: "a=1",
      contentType: "application/x-www-form-urlencoded",
      code: "UNSUPPORTED_MEDIA_TYPE",
    },
    {
      name: "utf-16 charset",
      raw: "{}",
      contentType: "application/json; charset=utf-16",
      code: "UNSUPPORTED_MEDIA_TYPE",
    },
    { name: "oversize", body: { pad: "x".repeat(80_000) }, code: "PAYLOAD_TOO_LARGE" },
    { name: "deep nesting", raw: deep, code: "PAYLOAD_TOO_LARGE" },
    {
      name: "proto pollution",
      raw: '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}',
    },
    {
      name: "invalid utf-8",
      raw: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]).toString("latin1"),
    },
  ];
}

function proofCases(): Case[] {
  const good = P[2]!;
  const withProof = (over: Record<string, unknown>, code?: string, name?: string): Case => ({
    name: name ?? `proof ${JSON.stringify(over).slice(0, 60)}`,
    body: { action: "signup", proof: { ...good, ...over } },
    code,
  });
  const without = (k: string): Case => {
    const { [k as keyof MembershipProof]: _drop, ...rest } = good;
    return { name: `proof without ${k}`, body: { action: "signup", proof: rest }, code: "INVALID_REQUEST" };
  };
  const pts = (i: number, v: unknown) => good.points.map((x, j) => (j === i ? v : x));
  const cases: Case[] = [
    ...genericBodies(),
    { name: "no action", body: { proof: good }, code: "INVALID_REQUEST" },
    { name: "no proof", body: { action: "signup" }, code: "INVALID_REQUEST" },
    { name: "extra field", body: { action: "signup", proof: good, admin: true }, code: "INVALID_REQUEST" },
    {
      name: "scope field (rpId is never the caller's to choose)",
      body: { scope: "rival:signup", action: "signup", proof: good },
      code: "INVALID_REQUEST",
    },
    { name: "empty action", body: { action: "", proof: good }, code: "INVALID_REQUEST" },
    { name: "action with colon", body: { action: "rival:signup", proof: good }, code: "INVALID_REQUEST" },
    { name: "long action", body: { action: "a".repeat(65), proof: good }, code: "INVALID_REQUEST" },
    { name: "unicode action", body: { action: "sígnup", proof: good }, code: "INVALID_REQUEST" },
    { name: "numeric action", body: { action: 1, proof: good }, code: "INVALID_REQUEST" },
    { name: "other action", body: { action: "vote", proof: good }, code: "SCOPE_MISMATCH" },
    {
      name: "proof as string",
      body: { action: "signup", proof: JSON.stringify(good) },
      code: "INVALID_REQUEST",
    },
    { name: "proof as array", body: { action: "signup", proof: [good] }, code: "INVALID_REQUEST" },
    ...["merkleTreeDepth", "merkleTreeRoot", "nullifier", "message", "scope", "points"].map(without),
    withProof({ extra: "1" }, "INVALID_REQUEST"),
    withProof({ merkleTreeDepth: 0 }, "INVALID_REQUEST"),
    withProof({ merkleTreeDepth: 33 }, "INVALID_REQUEST"),
    withProof({ merkleTreeDepth: 19 }, "DEPTH_MISMATCH"),
    withProof({ merkleTreeDepth: "20" }, "INVALID_REQUEST"),
    withProof({ merkleTreeDepth: 20.5 }, "INVALID_REQUEST"),
    withProof(
      { merkleTreeRoot: (BigInt(good.merkleTreeRoot) + p).toString() },
      "NON_CANONICAL_FIELD",
      "root + p",
    ),
    withProof({ nullifier: (BigInt(good.nullifier) + p).toString() }, "NON_CANONICAL_FIELD", "nullifier + p"),
    withProof({ message: (BigInt(good.message) + p).toString() }, "NON_CANONICAL_FIELD", "message + p"),
    withProof({ scope: (BigInt(good.scope) + p).toString() }, "NON_CANONICAL_FIELD", "scope + p"),
    withProof({ nullifier: p.toString() }, "NON_CANONICAL_FIELD", "nullifier = p"),
    withProof({ nullifier: `0${good.nullifier}` }, "NON_CANONICAL_FIELD", "leading zero"),
    withProof({ nullifier: `0x${BigInt(good.nullifier).toString(16)}` }, "NON_CANONICAL_FIELD", "hex"),
    withProof({ nullifier: `-${good.nullifier}` }, "NON_CANONICAL_FIELD", "negative"),
    withProof({ nullifier: ` ${good.nullifier}` }, "NON_CANONICAL_FIELD", "space"),
    withProof({ nullifier: "1e3" }, "NON_CANONICAL_FIELD"),
    withProof({ nullifier: "" }, "NON_CANONICAL_FIELD"),
    withProof({ nullifier: "9".repeat(500) }, "NON_CANONICAL_FIELD", "huge"),
    withProof({ nullifier: Number(good.nullifier) }, "INVALID_REQUEST", "nullifier as number"),
    withProof({ nullifier: null }, "INVALID_REQUEST", "nullifier null"),
    withProof({ points: good.points.slice(0, 7) }, "INVALID_REQUEST", "7 points"),
    withProof({ points: [...good.points, "1"] }, "INVALID_REQUEST", "9 points"),
    withProof(
      { points: pts(0, (BigInt(good.points[0]!) + q).toString()) },
      "NON_CANONICAL_FIELD",
      "point x + q",
    ),
    withProof({ points: pts(3, q.toString()) }, "NON_CANONICAL_FIELD", "point = q"),
    withProof({ points: pts(2, 5) }, "INVALID_REQUEST", "point as number"),
    withProof({ points: pts(2, ["1"]) }, "INVALID_REQUEST", "nested point"),
    withProof({ points: pts(1, "1") }, "INVALID_PROOF", "A off the curve"),
    withProof({ points: pts(4, "1") }, "INVALID_PROOF", "B off the curve"),
    withProof({ points: Array(8).fill("0") }, "INVALID_PROOF", "all zero points"),
    withProof(
      { points: [...good.points.slice(6), ...good.points.slice(2, 6), ...good.points.slice(0, 2)] },
      "INVALID_PROOF",
      "A and C swapped",
    ),
    withProof({ points: P[0]!.points }, "INVALID_PROOF", "points of another proof"),
    withProof({ nullifier: P[0]!.nullifier }, "INVALID_PROOF", "someone else's nullifier"),
    withProof({ nullifier: "1" }, "INVALID_PROOF", "made-up nullifier"),
    withProof({ message: "2" }, "INVALID_PROOF", "changed message"),
    withProof({ scope: P[3]!.scope }, "SCOPE_MISMATCH", "rival's scope value"),
    withProof({ merkleTreeRoot: "12345" }, "UNKNOWN_ROOT", "unknown root"),
    withProof({ merkleTreeRoot: "0" }, "UNKNOWN_ROOT", "zero root"),
    {
      name: "expected message differs",
      body: { action: "signup", proof: good, message: "7" },
      code: "MESSAGE_MISMATCH",
    },
    {
      name: "expected message non-canonical",
      body: { action: "signup", proof: good, message: (1n + p).toString() },
      code: "NON_CANONICAL_FIELD",
    },
    { name: "another service's proof", body: { action: "signup", proof: P[3] }, code: "SCOPE_MISMATCH" },
    {
      name: "another service's proof, its key revoked",
      body: { action: "signup", proof: good },
      token: goneKey,
      code: "UNAUTHORIZED",
    },
    { name: "no API key", body: { action: "signup", proof: good }, token: null, code: "UNAUTHORIZED" },
    {
      name: "wrong API key",
      body: { action: "signup", proof: good },
      token: `zkpop_${"A".repeat(43)}`,
      code: "UNAUTHORIZED",
    },
    {
      name: "admin token as API key",
      body: { action: "signup", proof: good },
      token: ADMIN_TOKEN,
      code: "UNAUTHORIZED",
    },
    {
      name: "rival uses shop's proof",
      body: { action: "signup", proof: good },
      token: rivalKey,
      code: "SCOPE_MISMATCH",
    },
    { name: "GET", method: "GET", code: "METHOD_NOT_ALLOWED" },
  ];
  return cases;
}

/** Enrollment bodies built from real proofs: people[0] is enrolled, people[1] is not. */
function enrollCases(): Case[] {
  const good = F.people[1]!;
  const nc = "NON_CANONICAL_FIELD";
  const bad = "INVALID_REQUEST";
  const invalid = "INVALID_PROOF";
  const w = (over: Record<string, unknown>, code: string, name?: string): Case => ({
    name: name ?? `enroll ${JSON.stringify(over).slice(0, 60)}`,
    body: { ...good, ...over },
    code,
  });
  const without = (k: keyof EnrollmentProof): Case => {
    const { [k]: _drop, ...rest } = good;
    return { name: `enroll without ${k}`, body: rest, code: bad };
  };
  const tag = (i: number, v: unknown) => good.tags.map((t, j) => (j === i ? v : t));
  const pts = (i: number, v: unknown) => good.points.map((x, j) => (j === i ? v : x));
  const ic = BigInt(good.identityCommitment);
  return [
    ...genericBodies(),
    ...(["circuit", "identityCommitment", "capturedAt", "attester", "tags", "points"] as const).map(without),
    w({ extra: 1 }, bad),
    { name: "wrapped in proof", body: { proof: good }, code: bad },
    { name: "a membership proof", body: P[0], code: bad },
    w({ circuit: "e".repeat(64) }, "CIRCUIT_MISMATCH", "another circuit"),
    w({ circuit: good.circuit.toUpperCase() }, bad, "circuit upper case"),
    w({ circuit: good.circuit.slice(1) }, bad, "circuit short"),
    w({ circuit: 1 }, bad, "circuit number"),
    w({ identityCommitment: (ic + p).toString() }, nc, "commitment + p"),
    w({ identityCommitment: p.toString() }, nc, "commitment = p"),
    w({ identityCommitment: `0${ic}` }, nc, "commitment leading zero"),
    w({ identityCommitment: `0x${ic.toString(16)}` }, nc, "commitment hex"),
    w({ identityCommitment: `-${ic}` }, nc, "commitment negative"),
    w({ identityCommitment: Number(ic) }, bad, "commitment as number"),
    w({ identityCommitment: null }, bad, "commitment null"),
    w({ identityCommitment: F.people[2]!.identityCommitment }, invalid, "someone else's commitment"),
    w({ capturedAt: String(good.capturedAt) }, bad, "capturedAt string"),
    w({ capturedAt: -1 }, bad),
    w({ capturedAt: 2 ** 40 }, bad),
    w({ capturedAt: good.capturedAt + 0.5 }, bad, "capturedAt fractional"),
    w({ capturedAt: good.capturedAt + 1 }, invalid, "capturedAt moved"),
    w(
      { attester: { x: (BigInt(good.attester.x) + p).toString(), y: good.attester.y } },
      nc,
      "attester x + p",
    ),
    w({ attester: { x: good.attester.y, y: good.attester.x } }, invalid, "attester x, y swapped"),
    w({ attester: { x: "11", y: "22" } }, invalid, "another trusted attester's key"),
    w({ attester: [good.attester.x, good.attester.y] }, bad, "attester as array"),
    w({ tags: good.tags.slice(1) }, bad, "one tag short"),
    w({ tags: [...good.tags, good.tags[0]] }, bad, "one tag too many"),
    w({ tags: [] }, bad, "no tags"),
    w({ tags: tag(0, (BigInt(good.tags[0]!) + p).toString()) }, nc, "tag + p"),
    w({ tags: tag(0, 7) }, bad, "tag as number"),
    w({ tags: tag(9, "12345") }, invalid, "tag changed"),
    w({ tags: tag(1, good.tags[0]) }, invalid, "tag duplicated"),
    w({ tags: [...good.tags].reverse() }, invalid, "tags reversed"),
    w({ tags: F.people[0]!.tags }, invalid, "an enrolled person's tags"),
    w({ points: good.points.slice(0, 7) }, bad, "7 points"),
    w({ points: pts(0, (BigInt(good.points[0]!) + q).toString()) }, nc, "point x + q"),
    w({ points: pts(1, "1") }, invalid, "A off the curve"),
    w({ points: pts(4, "1") }, invalid, "B off the curve"),
    w({ points: Array(8).fill("0") }, invalid, "all zero points"),
    w({ points: F.people[0]!.points }, invalid, "points of another proof"),
    {
      name: "another photo of an enrolled person, another identity",
      body: F.sybil,
      code: "DUPLICATE_PERSON",
    },
    { name: "replay of an enrolled person", body: F.people[0], code: "ALREADY_MEMBER" },
    { name: "untrusted attester", body: F.untrusted, code: "UNKNOWN_ATTESTER" },
    { name: "GET", method: "GET", code: "METHOD_NOT_ALLOWED" },
  ];
}

async function run(endpoint: string, c: Case, defaultToken: string | null) {
  const token = c.token === null ? undefined : (c.token ?? defaultToken ?? undefined);
  return s.api(c.path ?? endpoint, {
    method: c.method,
    body: c.body,
    raw: c.raw,
    contentType: c.contentType,
    token,
  });
}

async function expectRefusedWithoutChange(endpoint: string, cases: Case[], token: string | null) {
  expect(cases.length).toBeGreaterThanOrEqual(50);
  const before = snapshotSqlite(dbPath);
  const group = (await s.api("/v1/group")).body;
  const bad: string[] = [];
  for (const c of cases) {
    const r = await run(endpoint, c, token);
    const code = r.body?.error?.code;
    const typed =
      typeof code === "string" &&
      code in ERROR_STATUS &&
      ERROR_STATUS[code as keyof typeof ERROR_STATUS] === r.status;
    if (r.status < 400 || r.status >= 500 || !typed || (c.code && code !== c.code))
      bad.push(`${c.name}: ${r.status} ${JSON.stringify(r.body).slice(0, 160)} (want ${c.code ?? "4xx"})`);
  }
  expect(bad).toEqual([]);
  expect(snapshotSqlite(dbPath)).toBe(before);
  expect((await s.api("/v1/group")).body).toEqual(group);
}

describe("adversarial inputs: typed 4xx, never 5xx, no state change", () => {
  it("POST /v1/verify", async () => {
    await expectRefusedWithoutChange("/v1/verify", proofCases(), shopKey);
  });

  it("POST /v1/consume (incl. replays of a used nullifier with other proofs)", async () => {
    const replays: Case[] = [
      {
        name: "same nullifier, other message",
        body: { action: "signup", proof: P[1] },
        code: "NULLIFIER_USED",
      },
      {
        name: "malleated (negated) proof",
        body: { action: "signup", proof: negated(P[0]!) },
        code: "NULLIFIER_USED",
      },
    ];
    await expectRefusedWithoutChange("/v1/consume", [...proofCases(), ...replays], shopKey);
    // The very same proof again is not an error: idempotent, and still no state change.
    const before = snapshotSqlite(dbPath);
    expect(
      await s.api("/v1/consume", { body: { action: "signup", proof: P[0] }, token: shopKey }),
    ).toMatchObject({
      status: 200,
      body: { firstUse: false },
    });
    expect(snapshotSqlite(dbPath)).toBe(before);
  });

  it("POST /v1/enroll (real enrollment proofs: tampered signals, replays, sybils)", async () => {
    await expectRefusedWithoutChange("/v1/enroll", enrollCases(), null);
  });

  it("POST /v1/admin/attesters", async () => {
    const key = (publicKey: unknown, code?: string): Case => ({
      name: `publicKey ${JSON.stringify(publicKey).slice(0, 50)}`,
      body: { publicKey, label: "x" },
      code,
    });
    const label = (l: unknown, code = "INVALID_REQUEST"): Case => ({
      name: `label ${JSON.stringify(l).slice(0, 30)}`,
      body: { publicKey: ["5", "6"], label: l },
      code,
    });
    const nc = "NON_CANONICAL_FIELD";
    const cases: Case[] = [
      ...genericBodies(),
      key(["11", "22"], "ALREADY_EXISTS"),
      key([p.toString(), "1"], nc),
      key(["1", (p + 1n).toString()], nc),
      key(["01", "1"], nc),
      key(["-1", "1"], nc),
      key(["0x1", "1"], nc),
      key(["1.0", "1"], nc),
      key(["1e2", "1"], nc),
      key(["", "1"], nc),
      key([" 1", "1"], nc),
      key(["9".repeat(81), "1"], nc),
      key([1, 2], "INVALID_REQUEST"),
      key(["1"], "INVALID_REQUEST"),
      key(["1", "2", "3"], "INVALID_REQUEST"),
      key([], "INVALID_REQUEST"),
      key("1,2", "INVALID_REQUEST"),
      key({ x: "1", y: "2" }, "INVALID_REQUEST"),
      key(null, "INVALID_REQUEST"),
      key([null, null], "INVALID_REQUEST"),
      key([["1"], ["2"]], "INVALID_REQUEST"),
      key([true, false], "INVALID_REQUEST"),
      label(""),
      label("x".repeat(201)),
      label(5),
      label(null),
      label(["a"]),
      label({}),
      { name: "missing label", body: { publicKey: ["5", "6"] }, code: "INVALID_REQUEST" },
      { name: "missing key", body: { label: "x" }, code: "INVALID_REQUEST" },
      {
        name: "extra field",
        body: { publicKey: ["5", "6"], label: "x", revokedAt: null },
        code: "INVALID_REQUEST",
      },
      { name: "no token", body: { publicKey: ["5", "6"], label: "x" }, token: null, code: "UNAUTHORIZED" },
      {
        name: "api key as admin token",
        body: { publicKey: ["5", "6"], label: "x" },
        token: shopKey,
        code: "UNAUTHORIZED",
      },
      {
        name: "token prefix",
        body: { publicKey: ["5", "6"], label: "x" },
        token: ADMIN_TOKEN.slice(0, -1),
        code: "UNAUTHORIZED",
      },
      {
        name: "token suffix",
        body: { publicKey: ["5", "6"], label: "x" },
        token: `${ADMIN_TOKEN}x`,
        code: "UNAUTHORIZED",
      },
      {
        name: "token with space",
        body: { publicKey: ["5", "6"], label: "x" },
        token: `${ADMIN_TOKEN} x`,
        code: "UNAUTHORIZED",
      },
      { name: "PUT", method: "PUT", body: { publicKey: ["5", "6"], label: "x" }, code: "METHOD_NOT_ALLOWED" },
      { name: "DELETE", method: "DELETE", code: "METHOD_NOT_ALLOWED" },
    ];
    await expectRefusedWithoutChange("/v1/admin/attesters", cases, ADMIN_TOKEN);
  });

  it("POST /v1/admin/services", async () => {
    const rp = (rpId: unknown, code = "INVALID_REQUEST"): Case => ({
      name: `rpId ${JSON.stringify(rpId).slice(0, 40)}`,
      body: { rpId, name: "x" },
      code,
    });
    const rpIds: unknown[] = [
      "",
      "Shop",
      "SHOP",
      "a:b",
      "-x",
      ".x",
      "x".repeat(64),
      "a b",
      "a/b",
      "a_b",
      "ä",
      "a\u0000b",
      "a\nb",
      "../x",
      "a;drop table relying_services",
      "'",
      "%",
      "*",
      5,
      null,
      true,
      [],
      {},
      ["shop"],
    ];
    const cases: Case[] = [
      ...genericBodies(),
      ...rpIds.map((r) => rp(r)),
      rp("shop", "ALREADY_EXISTS"),
      rp("gone", "ALREADY_EXISTS"),
      { name: "empty name", body: { rpId: "new", name: "" }, code: "INVALID_REQUEST" },
      { name: "long name", body: { rpId: "new", name: "n".repeat(201) }, code: "INVALID_REQUEST" },
      { name: "numeric name", body: { rpId: "new", name: 1 }, code: "INVALID_REQUEST" },
      { name: "missing name", body: { rpId: "new" }, code: "INVALID_REQUEST" },
      {
        name: "supplied api key",
        body: { rpId: "new", name: "n", apiKey: "zkpop_x" },
        code: "INVALID_REQUEST",
      },
      { name: "no token", body: { rpId: "new", name: "n" }, token: null, code: "UNAUTHORIZED" },
      { name: "wrong token", body: { rpId: "new", name: "n" }, token: "x".repeat(40), code: "UNAUTHORIZED" },
      {
        name: "api key as admin token",
        body: { rpId: "new", name: "n" },
        token: shopKey,
        code: "UNAUTHORIZED",
      },
    ];
    await expectRefusedWithoutChange("/v1/admin/services", cases, ADMIN_TOKEN);
  });

  it("POST /v1/admin/members", async () => {
    const m = (identityCommitment: unknown, code?: string): Case => ({
      name: `commitment ${JSON.stringify(identityCommitment).slice(0, 40)}`,
      body: { identityCommitment },
      code,
    });
    const nc = "NON_CANONICAL_FIELD";
    const c0 = commitments[0]!;
    const cases: Case[] = [
      ...genericBodies(),
      ...commitments.map((c) => m(c, "ALREADY_MEMBER")),
      m((BigInt(c0) + p).toString(), nc),
      m(p.toString(), nc),
      m((p + 1n).toString(), nc),
      m(`0${c0}`, nc),
      m(`+${c0}`, nc),
      m(`-${c0}`, nc),
      m(`0x${BigInt(c0).toString(16)}`, nc),
      m(`${c0}.0`, nc),
      m(`${c0} `, nc),
      m("", nc),
      m("1e5", nc),
      m("9".repeat(79), nc),
      m("9".repeat(81), nc),
      m(Number(c0), "INVALID_REQUEST"),
      m(123, "INVALID_REQUEST"),
      m(null, "INVALID_REQUEST"),
      m(true, "INVALID_REQUEST"),
      m([c0], "INVALID_REQUEST"),
      m({ value: c0 }, "INVALID_REQUEST"),
      { name: "two members", body: { identityCommitment: "5", other: "6" }, code: "INVALID_REQUEST" },
      { name: "with tags", body: { identityCommitment: "5", tags: [] }, code: "INVALID_REQUEST" },
      { name: "camel case", body: { IdentityCommitment: "5" }, code: "INVALID_REQUEST" },
      { name: "no token", body: { identityCommitment: "5" }, token: null, code: "UNAUTHORIZED" },
      {
        name: "api key as admin token",
        body: { identityCommitment: "5" },
        token: shopKey,
        code: "UNAUTHORIZED",
      },
      { name: "basic auth", body: { identityCommitment: "5" }, token: null, code: "UNAUTHORIZED" },
    ];
    await expectRefusedWithoutChange("/v1/admin/members", cases, ADMIN_TOKEN);
  });

  it("POST /v1/admin/{attesters,services}/:id/revoke", async () => {
    const ids = [
      "ffff",
      "0".repeat(32),
      "0".repeat(33),
      "..",
      "%2e%2e",
      "%00",
      "%ff",
      "a%2Fb",
      "%E2%80%AE",
      "x".repeat(300),
      "'%20OR%201=1",
      "null",
      "undefined",
      "__proto__",
      "constructor",
      "1e3",
      "-1",
      "%20",
      "shop%00",
      "SHOP",
      "shop%20",
      "%2e",
      "~",
      "a.b.c",
    ];
    const cases: Case[] = [
      ...ids.map((id) => ({
        name: `attester ${id}`,
        method: "POST",
        path: `/v1/admin/attesters/${id}/revoke`,
      })),
      ...ids.map((id) => ({
        name: `service ${id}`,
        method: "POST",
        path: `/v1/admin/services/${id}/revoke`,
      })),
      {
        name: "no token",
        method: "POST",
        path: "/v1/admin/services/shop/revoke",
        token: null,
        code: "UNAUTHORIZED",
      },
      {
        name: "api key",
        method: "POST",
        path: "/v1/admin/services/shop/revoke",
        token: shopKey,
        code: "UNAUTHORIZED",
      },
      {
        name: "own key revokes itself",
        method: "POST",
        path: "/v1/admin/services/rival/revoke",
        token: rivalKey,
        code: "UNAUTHORIZED",
      },
      {
        name: "GET revoke",
        method: "GET",
        path: "/v1/admin/services/shop/revoke",
        code: "METHOD_NOT_ALLOWED",
      },
      {
        name: "body on revoke is ignored but must be JSON",
        method: "POST",
        path: "/v1/admin/services/nobody/revoke",
        raw: "{",
        code: "INVALID_JSON",
      },
      {
        name: "text body",
        method: "POST",
        path: "/v1/admin/services/shop/revoke",
        raw: "x",
        contentType: "text/plain",
        code: "UNSUPPORTED_MEDIA_TYPE",
      },
      {
        name: "no such service",
        method: "POST",
        path: "/v1/admin/services/nobody/revoke",
        code: "NOT_FOUND",
      },
      {
        name: "no such attester",
        method: "POST",
        path: "/v1/admin/attesters/nobody/revoke",
        code: "NOT_FOUND",
      },
    ];
    await expectRefusedWithoutChange("", cases, ADMIN_TOKEN);
  });

  it("GET /v1/group/members", async () => {
    const queries = [
      "from=-1",
      "from=abc",
      "from=1.5",
      "from=1e3x",
      "from=0x10",
      "from=",
      "from=99999999999999",
      "from[]=1",
      "from=1&from=2",
      "limit=0",
      "limit=-5",
      "limit=10001",
      "limit=abc",
      "limit=1.5",
      "limit=",
      "limit[]=1",
      "limit=1&limit=2",
      "limit=Infinity",
      "limit=NaN",
      "from=NaN",
      "from=Infinity",
      "extra=1",
      "from=0&x=1",
      "FROM=0",
      "from=%00",
      "from=%20",
      "limit=%2B5%2B",
      "from=1;DROP TABLE members",
      "from=2147483649",
      "from[a]=1",
      "limit[__proto__]=1",
      "from=0&limit=0",
      "from=-0.5",
      "limit=1e5",
      "limit=10001.0",
      "from=1,2",
      "limit=5,6",
      "from=true",
      "limit=false",
      "from=null",
      "limit=undefined",
      "a=b&c=d",
      "from=1&limit=-1",
      "from=%2D1",
      "limit=%2D1",
      "from=+1x",
      "from=1 2",
      "limit=2 3",
      "from=٣",
      "limit=٣",
    ];
    const cases: Case[] = queries.map((qs) => ({
      name: qs,
      method: "GET",
      path: `/v1/group/members?${qs}`,
      code: "INVALID_REQUEST",
    }));
    await expectRefusedWithoutChange("", cases, null);
  });
});
