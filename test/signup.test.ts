/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser)
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { ERROR_STATUS } from "@zkpop/server";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSignupApp } from "../examples/signup/app.js";
import { SENTENCES } from "../examples/signup/public/messages.js";
import { type EmbeddedRegistry, startEmbeddedRegistry, ZKPOP_CLI } from "../examples/signup/registry.js";
import { launchChromium, type Profile } from "./chromium.js";
import { repoRoot } from "./fixtures.js";

// examples/signup in headless Chromium against real servers on loopback: a registry on SQLite,
// the relying service's backend, enrollment and signup proofs made in the page's Web Worker.

const PHOTO = path.join(repoRoot, "test/fixtures/orl/s1_1.pgm");
const SHOTS = path.join(repoRoot, "test-results/signup");
const PROOF_TIMEOUT = 600_000;

let dir: string;
let registry: EmbeddedRegistry;
let app: Server;
let appUrl: string;
const profiles: Profile[] = [];

async function visit(): Promise<Page> {
  const p = await launchChromium();
  profiles.push(p);
  const page = await p.context.newPage();
  await page.goto(appUrl);
  await page.waitForSelector("#status[data-kind=ready]");
  return page;
}

/** The kiosk: `zkpop attester sign` on a photo, for the identity commitment the page shows. */
async function kioskSigns(page: Page, name: string): Promise<string> {
  const commitment = (await page.textContent("#commitment"))!;
  const out = path.join(dir, `${name}.json`);
  execFileSync(process.execPath, [
    ZKPOP_CLI,
    ...["attester", "sign", "--key", registry.kioskKeyFile, "--image", PHOTO, "--identity", commitment],
    ...["--out", out],
  ]);
  return out;
}

/** Clicks, then waits for the page's verdict (ok or error) and returns its sentence. */
async function act(page: Page, button: string, shot: string): Promise<{ kind: string; text: string }> {
  const before = Number((await page.getAttribute("#status", "data-verdicts")) ?? 0);
  await page.click(button);
  await page.waitForFunction(
    (n) => Number(document.getElementById("status")!.dataset.verdicts ?? 0) > n,
    before,
    {
      timeout: PROOF_TIMEOUT,
    },
  );
  await page.screenshot({ path: path.join(SHOTS, `${shot}.png`), fullPage: true });
  return page.$eval("#status", (e) => ({ kind: (e as HTMLElement).dataset.kind!, text: e.textContent! }));
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  dir = mkdtempSync(path.join(os.tmpdir(), "zkpop-signup-test-"));
  registry = await startEmbeddedRegistry({ dataDir: dir, rpId: "signup.example" });
  const express = createSignupApp({
    registryUrl: registry.server.url,
    apiKey: registry.apiKey,
    rpId: "signup.example",
  });
  app = await new Promise<Server>((r) => {
    const s = express.listen(0, "127.0.0.1", () => r(s));
  });
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  for (const p of profiles) await p.close();
  await new Promise((r) => app?.close(r));
  await registry?.server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("examples/signup in Chromium", () => {
  let alice: Page;
  let bob: Page;
  const sent: string[] = [];

  it("enrolls from the kiosk's capture file; the face crop never leaves the page", {
    timeout: PROOF_TIMEOUT,
  }, async () => {
    alice = await visit();
    alice.on("request", (r) => sent.push(r.postData() ?? ""));
    const capture = await kioskSigns(alice, "alice-capture");
    await alice.setInputFiles("#capture", capture);
    const r = await act(alice, "#enroll", "1-enrolled");
    expect(r).toEqual({ kind: "ok", text: "You are enrolled (member #0). You can create your account now." });
    const pixels = JSON.parse(readFileSync(capture, "utf8")).crop.pixels as string;
    expect(sent.some((body) => body.includes("identityCommitment"))).toBe(true); // the proof went out
    expect(sent.some((body) => body.includes(pixels.slice(0, 64)))).toBe(false); // the pixels did not
  });

  it("signs up anonymously: welcome", { timeout: PROOF_TIMEOUT }, async () => {
    await alice.fill("#username", "alice");
    expect(await act(alice, "#signup", "2-welcome")).toEqual({
      kind: "ok",
      text: "Welcome, alice! Your account is ready.",
    });
  });

  it("the same face enrolled again under another identity is refused", {
    timeout: PROOF_TIMEOUT,
  }, async () => {
    bob = await visit(); // another browser profile: a new identity
    expect(await bob.textContent("#commitment")).not.toBe(await alice.textContent("#commitment"));
    await bob.setInputFiles("#capture", await kioskSigns(bob, "same-face-again"));
    expect(await act(bob, "#enroll", "3-duplicate-enrollment")).toEqual({
      kind: "error",
      text: SENTENCES.DUPLICATE_PERSON,
    });
  });

  it("the same person signing up again from another browser is told they have an account", {
    timeout: PROOF_TIMEOUT,
  }, async () => {
    // The key lives in a closed <details> ("Move your identity to another browser"): open it.
    await alice.click("details summary");
    await alice.click("#show-key");
    const key = (await alice.textContent("#identity-key"))!;
    await bob.click("details summary");
    await bob.fill("#import-key", key);
    await bob.click("#import");
    expect(await bob.textContent("#commitment")).toBe(await alice.textContent("#commitment"));
    await bob.fill("#username", "alice2");
    expect(await act(bob, "#signup", "4-second-signup")).toEqual({
      kind: "error",
      text: SENTENCES.NULLIFIER_USED,
    });
  });

  it("a tampered proving file is refused and nothing is proven", { timeout: PROOF_TIMEOUT }, async () => {
    const carol = await visit();
    // A hostile mirror: every artifact arrives with one byte changed.
    await carol.route("**/registry/v1/artifacts/*", async (route) => {
      const res = await route.fetch();
      const body = await res.body();
      body[body.length >> 1]! ^= 1;
      await route.fulfill({ response: res, body });
    });
    await carol.fill("#username", "carol");
    expect(await act(carol, "#signup", "5-tampered-artifact")).toEqual({
      kind: "error",
      text: SENTENCES.ARTIFACT_HASH_MISMATCH,
    });
  });

  it("every error code the registry can send has a plain sentence", () => {
    for (const code of Object.keys(ERROR_STATUS)) {
      expect(SENTENCES[code], code).toMatch(/^[A-Z].*\.$/);
      expect(SENTENCES[code]).not.toContain(code);
    }
  });
});
