/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser)
import path from "node:path";
import { attestCapture, signedCaptureToJson } from "@zkpop/attestation";
import { buildMembershipArtifacts, Enrollment, Group, Identity, Membership, scopeOf } from "@zkpop/core";
import type * as Web from "@zkpop/web";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, type Profile } from "./chromium.js";
import {
  enrollmentFixtures,
  FIXTURE_CAPTURED_AT,
  orlCrop,
  SAME_PERSON,
  TEST_ATTESTER_KEY,
} from "./enrollment-fixtures.js";
import { startWebPageServer, type WebPageServer } from "./web-page-server.js";

// @zkpop/web in real headless Chromium: artifacts over loopback HTTP, proofs in the Web Worker,
// checked in Node by @zkpop/core's verifier. Nothing is mocked.

declare const window: { zkpop: typeof Web } & Record<string, unknown>;

const SCOPE = scopeOf("web.example", "signup");
const SECRETS = ["zkpop web test 0", "zkpop web test 1", "zkpop web test 2"];

let server: WebPageServer;
let browser: Profile;
let page: Page;
let membership: Membership;
let circuit: Web.CircuitArtifacts;

async function openPage(p: Profile): Promise<Page> {
  const pg = await p.context.newPage();
  await pg.goto(server.url);
  await pg.waitForFunction(() => "zkpop" in window);
  return pg;
}

/** Loads the membership circuit in a page's prover (`window.prover`), returning the artifact reports. */
function loadInPage(pg: Page, c: Web.CircuitArtifacts) {
  return pg.evaluate(async (c) => {
    const prover = new window.zkpop.WebProver();
    window.prover = prover;
    return prover.load(c);
  }, c);
}

beforeAll(async () => {
  server = await startWebPageServer();
  const built = await buildMembershipArtifacts({ depth: 20 });
  const file = (k: "wasm" | "zkey") => path.join(built.dir, built.manifest.files[k]);
  circuit = {
    name: "membership",
    wasm: await server.serve(file("wasm")),
    zkey: await server.serve(file("zkey")),
  };
  membership = await Membership.load({ depth: 20 });
  browser = await launchChromium();
  page = await openPage(browser);
});

afterAll(async () => {
  await browser?.close();
  await membership?.close();
  await server?.close();
});

describe("@zkpop/web in headless Chromium", () => {
  it("downloads and checks the artifacts, proves membership in the worker, and Node's verifier accepts it", async () => {
    const reports = await loadInPage(page, circuit);
    expect(reports.map((r) => [r.sha256, r.fromCache])).toEqual([
      [circuit.wasm.sha256, false],
      [circuit.zkey.sha256, false],
    ]);
    const r = await page.evaluate(
      async ({ secrets, scope }) => {
        const z = window.zkpop;
        const ids = secrets.map((s) => new z.Identity(s));
        const group = new z.Group(ids.map((i) => i.commitment));
        const stages: string[] = [];
        const out = await z.proveMembership(
          window.prover as Web.WebProver,
          { identity: ids[1]!, group, scope, message: 42n, depth: 20 },
          { onProgress: (p) => stages.push(p.stage) },
        );
        return { ...out, stages };
      },
      { secrets: SECRETS, scope: SCOPE },
    );
    const verified = await membership.verify(r.proof, { expectedScope: SCOPE });
    const ids = SECRETS.map((s) => new Identity(s));
    expect(verified.merkleTreeRoot).toBe(new Group(ids.map((i) => i.commitment)).root.toString());
    expect(verified.message).toBe("42");
    // The same person proves the same nullifier in Node: the browser computes the same statement.
    const nodeProof = await membership.prove(ids[1]!, new Group(ids.map((i) => i.commitment)), SCOPE, 7n);
    expect(r.proof.nullifier).toBe(nodeProof.nullifier);
    expect(r.stages[0]).toBe("witness");
    expect(r.stages).toContain("prove");
    expect(r.stages.at(-1)).toBe("done");
    console.log(
      `browser membership proof: witness ${r.timing.witnessMs.toFixed(0)} ms, prove ${r.timing.proveMs.toFixed(0)} ms`,
    );
  });

  it("a tampered proof from the page is refused by the verifier", async () => {
    const r = await page.evaluate(
      async ({ secrets, scope }) => {
        const z = window.zkpop;
        const ids = secrets.map((s) => new z.Identity(s));
        const group = new z.Group(ids.map((i) => i.commitment));
        return z.proveMembership(window.prover as Web.WebProver, {
          identity: ids[0]!,
          group,
          scope,
          depth: 20,
        });
      },
      { secrets: SECRETS, scope: SCOPE },
    );
    await expect(membership.verify(r.proof, { expectedScope: SCOPE })).resolves.toBeTruthy();
    const bad = { ...r.proof, message: "1" };
    await expect(membership.verify(bad, { expectedScope: SCOPE })).rejects.toMatchObject({
      code: "INVALID_PROOF",
    });
  });

  it("the main thread handles input while the worker proves", async () => {
    await page.evaluate(
      ({ secrets, scope }) => {
        const z = window.zkpop;
        const ids = secrets.map((s) => new z.Identity(s));
        const group = new z.Group(ids.map((i) => i.commitment));
        window.clicks = [] as boolean[];
        window.proving = true;
        window.stage = "";
        document.getElementById("b")!.onclick = () =>
          (window.clicks as boolean[]).push(window.proving as boolean);
        window.proof = z
          .proveMembership(
            window.prover as Web.WebProver,
            { identity: ids[2]!, group, scope, depth: 20 },
            { onProgress: (p) => (window.stage = p.stage) },
          )
          .finally(() => (window.proving = false));
      },
      { secrets: SECRETS, scope: SCOPE },
    );
    await page.waitForFunction(() => window.stage === "prove");
    for (let i = 0; i < 3; i++) await page.click("#b");
    await page.keyboard.press("Enter"); // the focused button: a fourth click, by keyboard
    const clicks = await page.evaluate(() => window.clicks as boolean[]);
    const proof = await page.evaluate(() => window.proof as Promise<{ proof: Web.MembershipProof }>);
    // Every input event was handled while the proof was still running (true = proving).
    expect(clicks).toEqual([true, true, true, true]);
    await expect(membership.verify(proof.proof, { expectedScope: SCOPE })).resolves.toBeTruthy();
  });

  it("the proof advances while the main thread is busy: it runs off the main thread", async () => {
    // Clicks alone would also be handled between the awaits of a proof made on the main thread.
    // Here the main thread is held in a synchronous loop for four times an unhindered proof's time
    // (the loop takes a core from the worker on a 2-core box): a worker has finished, or nearly,
    // when the loop ends; a proof made on the main thread would still need most of a proof's time
    // afterwards (measured: 12 s left of a 15 s proof), however long the loop.
    const r = await page.evaluate(
      async ({ secrets, scope }) => {
        const z = window.zkpop;
        const ids = secrets.map((s) => new z.Identity(s));
        const group = new z.Group(ids.map((i) => i.commitment));
        const args = { identity: ids[1]!, group, scope, depth: 20 };
        const prover = window.prover as Web.WebProver;
        let t = performance.now();
        await z.proveMembership(prover, args);
        const unhinderedMs = performance.now() - t;
        const proof = z.proveMembership(prover, args);
        await new Promise((go) => setTimeout(go, 0)); // the request is posted to the worker
        t = performance.now();
        while (performance.now() - t < 4 * unhinderedMs) {} // the main thread does nothing else
        const blockEnd = performance.now();
        await proof;
        return { unhinderedMs, afterBlockMs: performance.now() - blockEnd };
      },
      { secrets: SECRETS, scope: SCOPE },
    );
    console.log(
      `proof ${r.unhinderedMs.toFixed(0)} ms unhindered; ${r.afterBlockMs.toFixed(0)} ms more after a ${(4 * r.unhinderedMs).toFixed(0)} ms main-thread block`,
    );
    expect(r.afterBlockMs).toBeLessThan(r.unhinderedMs / 2);
  });

  it("cancelling a proof ends it with PROOF_CANCELLED; the next proof works (files from Cache Storage)", async () => {
    const r = await page.evaluate(
      async ({ secrets, scope }) => {
        const z = window.zkpop;
        const ids = secrets.map((s) => new z.Identity(s));
        const group = new z.Group(ids.map((i) => i.commitment));
        const prover = window.prover as Web.WebProver;
        const ac = new AbortController();
        const args = { identity: ids[0]!, group, scope, depth: 20 };
        const cancelled = await z
          .proveMembership(prover, args, {
            signal: ac.signal,
            onProgress: (p) => p.stage === "prove" && ac.abort(),
          })
          .then(
            () => "finished",
            (e: { code?: string }) => e.code,
          );
        const after = await z.proveMembership(prover, args);
        return { cancelled, after };
      },
      { secrets: SECRETS, scope: SCOPE },
    );
    expect(r.cancelled).toBe("PROOF_CANCELLED");
    await expect(membership.verify(r.after.proof, { expectedScope: SCOPE })).resolves.toBeTruthy();
  });

  it("refuses a tampered artifact and does not keep it", async () => {
    const tampered = { ...circuit.zkey, url: circuit.zkey.url.replace("/v1/artifacts/", "/tampered/") };
    const r = await page.evaluate(
      async ({ c }) => {
        const prover = new window.zkpop.WebProver({ cacheName: "tamper-test" });
        const outcome = await prover.load(c).then(
          () => "loaded",
          (e: { code?: string; message: string }) => `${e.code}: ${e.message}`,
        );
        prover.terminate();
        const keys = await (await caches.open("tamper-test")).keys();
        return { outcome, keys: keys.map((k) => k.url) };
      },
      { c: { ...circuit, zkey: tampered } },
    );
    expect(r.outcome).toMatch(/^ARTIFACT_HASH_MISMATCH: .*refused/);
    expect(r.keys.some((k) => k.endsWith(circuit.zkey.sha256))).toBe(false);
    expect(r.keys.some((k) => k.endsWith(circuit.wasm.sha256))).toBe(true); // the genuine file was kept
  });

  it("a returning visitor downloads no artifact again", async () => {
    const dir = browser.dir;
    await browser.close({ keep: true });
    const before = server.artifactRequests;
    browser = await launchChromium(dir);
    page = await openPage(browser);
    const reports = await loadInPage(page, circuit);
    expect(reports.every((r) => r.fromCache)).toBe(true);
    expect(server.artifactRequests).toBe(before);
  });

  it("proves enrollment in the worker: the same tags as Node's prover, accepted by the verifier", async () => {
    // The first server fixture's input (SAME_PERSON's first photo, its identity, the test kiosk),
    // proven again here.
    const fixtures = await enrollmentFixtures();
    const enrollment = await Enrollment.load();
    try {
      const pixels = orlCrop(SAME_PERSON.first);
      const identity = new Identity(`zkpop test enrollee ${SAME_PERSON.first.split("/")[0]}`);
      const attestation = attestCapture(TEST_ATTESTER_KEY, {
        pixels,
        identityCommitment: identity.commitment,
        capturedAt: FIXTURE_CAPTURED_AT,
      });
      const capture = signedCaptureToJson({ crop: { width: 32, height: 32, data: pixels }, attestation });
      const a = enrollment.artifacts;
      const file = (k: "wasm" | "zkey") => path.join(a.dir, a.manifest.files[k]);
      const c = {
        name: "enrollment",
        wasm: await server.serve(file("wasm")),
        zkey: await server.serve(file("zkey")),
      };
      // A pixel changed after the kiosk signed: refused before any proving, since the capture's hash
      // no longer matches what the kiosk signed (the circuit's own refusal: enroll-circuit-full.test.ts).
      const bytes = Buffer.from(capture.crop.pixels, "base64");
      bytes[0]! ^= 1;
      const altered = { ...capture, crop: { ...capture.crop, pixels: bytes.toString("base64") } };
      const r = await page.evaluate(
        async ({ c, capture, altered, circuitId, tables }) => {
          const z = window.zkpop;
          const prover = window.prover as Web.WebProver;
          await prover.load(c);
          const args = { circuitId, tables };
          const refused = await z.proveEnrollment(prover, { ...args, capture: altered }).then(
            () => "proved",
            (e: { code?: string }) => e.code,
          );
          return { refused, ...(await z.proveEnrollment(prover, { ...args, capture })) };
        },
        {
          c,
          capture: capture as Web.SignedCaptureJson,
          altered: altered as Web.SignedCaptureJson,
          circuitId: enrollment.id,
          tables: enrollment.manifest.lsh.tables,
        },
      );
      expect(r.refused).toBe("SIGNED_CAPTURE_TAMPERED");
      expect(r.proof.tags).toEqual(fixtures.people[0]!.tags);
      await expect(
        enrollment.verify(r.proof, { trustedAttesters: [attestation.attester] }),
      ).resolves.toMatchObject({ identityCommitment: identity.commitment.toString() });
      await expect(
        enrollment.verify({ ...r.proof, capturedAt: r.proof.capturedAt + 1 }),
      ).rejects.toMatchObject({
        code: "INVALID_PROOF",
      });
      console.log(
        `browser enrollment proof: witness ${r.timing.witnessMs.toFixed(0)} ms, prove ${r.timing.proveMs.toFixed(0)} ms`,
      );
    } finally {
      await enrollment.close();
    }
  }, 600_000);
});
