import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { attestCapture, generateAttesterKey } from "@zkpop/attestation";
import { type Enrollment, Identity, Membership, type RegistryArtifacts } from "@zkpop/core";
import { orlCropsPath } from "@zkpop/enroll-circuit";
import { readCropCache } from "@zkpop/image";
import { loadConfig, type RunningServer, serve } from "@zkpop/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminClient, HolderClient, RelyingServiceClient } from "../src/index.js";
import { startRegistry } from "./helpers/registry.js";

// A device with an empty cache proves with the files a running registry serves (fetched over
// HTTP by SHA-256, every hash checked), and the registry accepts the proofs. A download
// tampered with on the way (a proxy flips one byte) is refused and not stored. Real server,
// real verifiers, real proofs.

const ADMIN = "admin-token-for-fresh-device-0123456789";
let dir: string;
let server: RunningServer;
let admin: AdminClient;
let artifacts: RegistryArtifacts;
let proxy: http.Server;
let proxyUrl: string;

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/** Forwards to the registry; flips one byte of the membership proving key on the way. */
function tamperingProxy(target: string, zkeyUrl: string): Promise<http.Server> {
  const p = http.createServer(async (req, res) => {
    const upstream = await fetch(target + req.url, { method: req.method });
    const body = new Uint8Array(await upstream.arrayBuffer());
    const i = body.length >> 1;
    if (req.url === zkeyUrl) body[i] = (body[i] ?? 0) ^ 1;
    res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "" });
    res.end(body);
  });
  return new Promise((resolve) => p.listen(0, "127.0.0.1", () => resolve(p)));
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "zkpop-fresh-device-"));
  // The production wiring (serve): real membership and enrollment verifiers, no stand-in.
  server = await serve({
    config: loadConfig({
      env: {},
      overrides: {
        port: 0,
        pepper: "fresh-device-pepper-0123456789abcdef0123",
        adminToken: ADMIN,
        adminMembers: true,
        db: { kind: "sqlite", path: ":memory:" },
        verifierProcesses: 0,
        logLevel: "silent",
      },
    }),
  });
  admin = new AdminClient({ baseUrl: server.url, adminToken: ADMIN });
  artifacts = (await new HolderClient({ baseUrl: server.url }).info()).artifacts;
  proxy = await tamperingProxy(server.url, artifacts.membership!.zkey.url);
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await server?.close();
  await new Promise((r) => proxy?.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe("artifacts served by SHA-256", () => {
  it("lists every file with its hash; serves them immutable, with ETag, 304, HEAD and ranges", async () => {
    const m = artifacts.membership!;
    expect(Object.keys(m).sort()).toEqual(["manifest", "vkey", "wasm", "zkey"]);
    const r = await fetch(server.url + m.vkey.url);
    const bytes = new Uint8Array(await r.arrayBuffer());
    expect(sha256(bytes)).toBe(m.vkey.sha256);
    expect(bytes.length).toBe(m.vkey.bytes);
    expect(r.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(r.headers.get("etag")).toBe(`"${m.vkey.sha256}"`);
    expect(r.headers.get("access-control-allow-origin")).toBe("*");
    expect(r.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await fetch(server.url + m.wasm.url, { method: "HEAD" })).headers.get("content-type")).toBe(
      "application/wasm",
    );
    const again = await fetch(server.url + m.vkey.url, {
      headers: { "if-none-match": `"${m.vkey.sha256}"` },
    });
    expect(again.status).toBe(304);
    const head = await fetch(server.url + m.zkey.url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get("content-length"))).toBe(m.zkey.bytes);
    const part = await fetch(server.url + m.zkey.url, { headers: { range: "bytes=0-9" } });
    expect(part.status).toBe(206);
    expect((await part.arrayBuffer()).byteLength).toBe(10);
    expect((await fetch(`${server.url}/v1/artifacts/${"0".repeat(64)}`)).status).toBe(404);
    expect((await fetch(`${server.url}/v1/artifacts/not-a-hash`)).status).toBe(400);
  });
});

describe("a fresh device proves with the registry's files", () => {
  it("a tampered download is refused and nothing of it is stored", async () => {
    const home = path.join(dir, "device-tampered");
    const err = await Membership.load({ registry: proxyUrl, home }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "ARTIFACT_HASH_MISMATCH" });
    expect(String((err as Error).message)).toContain(artifacts.membership!.zkey.sha256);
    const [folder] = readdirSync(path.join(home, "registry"));
    expect(existsSync(path.join(home, "registry", folder!, artifacts.membership!.zkey.file))).toBe(false);
    expect(existsSync(path.join(home, "circuits"))).toBe(false); // and nothing was built instead
  });

  it("membership: empty cache, files fetched over HTTP, proof consumed by the registry", async () => {
    const home = path.join(dir, "device-a");
    const people = Array.from({ length: 3 }, (_, i) => new Identity(`fresh device person ${i}`));
    for (const p of people) await admin.addMember(p.commitment);
    const { apiKey } = await admin.addService("forum.example", "Forum");
    const holder = new HolderClient({ baseUrl: server.url, home });
    const proof = await holder.prove(people[1]!, { rpId: "forum.example", action: "signup" });
    const rp = new RelyingServiceClient({ baseUrl: server.url, apiKey });
    expect(await rp.consume("signup", proof)).toMatchObject({ consumed: true, firstUse: true });
    // Every file on the device is the registry's, byte for byte; no circuit was built here.
    const [folder] = readdirSync(path.join(home, "registry"));
    for (const a of Object.values(artifacts.membership!))
      expect(sha256(readFileSync(path.join(home, "registry", folder!, a.file))), a.file).toBe(a.sha256);
    expect(existsSync(path.join(home, "circuits"))).toBe(false);
    await (await holder.membership()).close();
  }, 300_000);
});

describe("a fresh device enrolls with the registry's files", () => {
  let registry: RunningServer;
  let registryAdmin: AdminClient;
  beforeAll(async () => {
    registry = await startRegistry(mkdtempSync(path.join(dir, "registry-")), ADMIN);
    registryAdmin = new AdminClient({ baseUrl: registry.url, adminToken: ADMIN });
  });
  afterAll(() => registry?.close());

  it("enrollment: empty cache, files fetched over HTTP, enrollment accepted", async () => {
    const home = path.join(dir, "device-b");
    const e = (await new HolderClient({ baseUrl: registry.url }).info()).artifacts.enrollment!;
    expect(Object.keys(e).sort()).toEqual(["enrollment", "manifest", "vkey", "wasm", "zkey"]);
    const kiosk = generateAttesterKey();
    await registryAdmin.addAttester([kiosk.publicKey.x.toString(), kiosk.publicKey.y.toString()], "kiosk");
    const crops = readCropCache(orlCropsPath());
    const pixels = crops.crops[1]!.data;
    const identity = new Identity("fresh device enrollee");
    const holder = new HolderClient({ baseUrl: registry.url, home });
    const r = await holder.proveAndEnroll({
      identity,
      capture: pixels,
      attestation: attestCapture(kiosk.privateKey, {
        pixels,
        identityCommitment: identity.commitment,
        capturedAt: Math.floor(Date.now() / 1000),
      }),
    });
    expect(await holder.group()).toMatchObject({ root: r.root, size: r.index + 1 });
    const enrollment: Enrollment = await holder.enrollment();
    expect(enrollment.id).toBe((await holder.info()).circuits.enrollment!.id);
    expect(existsSync(path.join(home, "circuits"))).toBe(false);
    await enrollment.close();
  }, 600_000);
});
