import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { attestCapture, generateAttesterKey } from "@zkpop/attestation";
import { AdminClient, HolderClient, isApiError, RelyingServiceClient } from "@zkpop/client";
import { Enrollment, Identity, Membership } from "@zkpop/core";
import { orlCropsPath, orlSubject } from "@zkpop/enroll-circuit";
import { readCropCache } from "@zkpop/image";
import { committedCvCard, ORL_CREDIT } from "@zkpop/lab";
import { ZkpopError } from "@zkpop/prover";
import { loadConfig, serve } from "@zkpop/server";
import { progressPrinter } from "./progress-printer.js";

// ORL subjects (the committed student trained on s1–s30, so these are training people). Each
// person enrolls with their first photo; the sybil is, by a fixed rule, the first person's next
// photo (ORL image 2, s28/2.pgm), whatever its tags do: the cross-validated card says how often another photo
// is caught on people the student never saw, and the demo prints that rate beside the outcome.
const SUBJECTS = [28, 22, 26, 30, 23, 27, 25, 24];
const SYBIL_SHOT = 1;

/** The committed card's mean share caught at 10^6 for the circuit's setting (held-out folds), as text. */
function committedCardCaught(): string {
  const chosen = committedCvCard().chosen;
  const caught = chosen?.heldOut?.meanCaught;
  return caught === undefined ? "(no setting met the card's rule)" : `${(100 * caught).toFixed(1)} %`;
}

const secs = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

/** "accepted" or "refused: CODE" for a request, so the story reads like a log. */
async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "accepted";
  } catch (e) {
    if (isApiError(e)) return `refused: ${e.code}`;
    throw e;
  }
}

function crops() {
  const cache = readCropCache(orlCropsPath());
  return (subject: number, shot: number) => {
    const first = cache.index.entries.findIndex((e) => orlSubject(e.label) === subject);
    return cache.crops[first + shot]!.data;
  };
}

/**
 * `zkpop demo`: the whole story over HTTP against a registry on embedded SQLite (a temporary
 * file): people enroll with real enrollment proofs, the same person enrolling again is refused
 * by the dedup tags, a member signs up at a relying service anonymously, a second signup by the
 * same person is refused by the nullifier.
 */
export async function demoCommand(opts: { people: number; home?: string }): Promise<void> {
  if (opts.people < 2) throw new ZkpopError("BAD_ARGUMENT", "--people must be at least 2");
  const say = (s: string) => console.log(s);
  const expect = (got: string, want: string, what: string) => {
    if (!got.startsWith(want)) throw new ZkpopError("DEMO_FAILED", `${what}: expected ${want}, got ${got}`);
  };
  say(`Faces: ${ORL_CREDIT}\n`);
  say("1. Loading the circuits (the first run compiles and sets up both: minutes; cached after) ...");
  let t0 = performance.now();
  const onProgress = progressPrinter();
  const membership = await Membership.load({ home: opts.home, onProgress });
  const enrollment = await Enrollment.load({ home: opts.home, onProgress });
  const m = enrollment.manifest;
  say(
    `   ready in ${secs(t0)}: enrollment circuit ${enrollment.id.slice(0, 12)}… (${m.circuit.constraints} constraints,`,
  );
  say(
    `   L=${m.lsh.tables} tags of k=${m.lsh.bits} bits), Semaphore depth ${membership.depth}; setup kind: ${m.setup.kind}`,
  );

  const dir = await mkdtemp(path.join(tmpdir(), "zkpop-demo-"));
  const adminToken = randomBytes(24).toString("base64url");
  const config = loadConfig({
    env: {},
    overrides: {
      port: 0,
      pepper: randomBytes(32).toString("base64"),
      adminToken,
      db: { kind: "sqlite", path: path.join(dir, "registry.sqlite") },
      artifactsHome: opts.home,
      logLevel: "warn",
    },
  });
  const warming = enrollment.warm(); // the prover loads while the registry starts
  const server = await serve({ config });
  await warming;
  try {
    const baseUrl = server.url;
    say(`2. Registry listening at ${baseUrl} (SQLite ${path.join(dir, "registry.sqlite")})`);
    const admin = new AdminClient({ baseUrl, adminToken });
    const kiosk = generateAttesterKey();
    await admin.addAttester([kiosk.publicKey.x.toString(), kiosk.publicKey.y.toString()], "demo kiosk");
    const { apiKey } = await admin.addService("shop.example", "Shop");
    const shop = new RelyingServiceClient({ baseUrl, apiKey });
    const holder = new HolderClient({ baseUrl });
    say(`   the operator trusts a capture kiosk and registers the relying service "shop.example"`);

    const crop = crops();
    const capturedAt = () => Math.floor(Date.now() / 1000);
    const prove = (identity: Identity, pixels: Uint8Array) =>
      enrollment.enroll({
        identity,
        capture: pixels,
        attestation: attestCapture(kiosk.privateKey, {
          pixels,
          identityCommitment: identity.commitment,
          capturedAt: capturedAt(),
        }),
      });

    say(
      `3. ${opts.people} people enroll: the kiosk signs each face crop, the device proves (the face stays on it):`,
    );
    const people: Identity[] = [];
    const firstTags: string[][] = [];
    for (let i = 0; i < opts.people; i++) {
      const identity = new Identity();
      t0 = performance.now();
      const { proof } = await prove(identity, crop(SUBJECTS[i]!, 0));
      const r = await holder.enroll(proof);
      people.push(identity);
      firstTags.push(proof.tags);
      say(
        `   ORL s${SUBJECTS[i]}: enrolled as member #${r.index} (proof ${secs(t0)}; the registry saw ${proof.tags.length} tags)`,
      );
    }

    say(`4. The first person comes back with their next photo and a new identity (a sybil):`);
    const sybil = await prove(new Identity(), crop(SUBJECTS[0]!, SYBIL_SHOT));
    const shared = sybil.tags.filter((t, j) => firstTags[0]![j] === t).length;
    const nextPhoto = await outcome(holder.enroll(sybil.proof));
    const card = committedCardCaught();
    say(
      `   ${nextPhoto} (${shared} of ${sybil.tags.length} tags equal; the registry refuses at ${config.dedupThreshold})`,
    );
    say(
      `   the cross-validated card: ${card} of re-enrollments with another photo are caught in a gallery of 10^6 (people its m was not chosen on)`,
    );
    if (nextPhoto !== "accepted")
      expect(nextPhoto, "refused: DUPLICATE_PERSON", "another photo of the same person");
    say(`   ... and with the very capture they enrolled with, re-signed for another new identity:`);
    const replay = await prove(new Identity(), crop(SUBJECTS[0]!, 0));
    const dup = await outcome(holder.enroll(replay.proof));
    say(`   ${dup}`);
    expect(dup, "refused: DUPLICATE_PERSON", "a second enrollment of the same capture");

    const scope = { rpId: "shop.example", action: "signup" };
    say(`5. The first person signs up at shop.example, proving only "some enrolled person, once":`);
    t0 = performance.now();
    const proof = await holder.prove(people[0]!, { ...scope, message: 1n }, { membership });
    const first = await outcome(shop.consume("signup", proof));
    say(`   ${first} (membership proof ${secs(t0)}, nullifier ${proof.nullifier.slice(0, 12)}…)`);
    expect(first, "accepted", "the first signup");

    say("6. The same person signs up again with a brand-new proof:");
    const again = await outcome(
      shop.consume("signup", await holder.prove(people[0]!, { ...scope, message: 2n }, { membership })),
    );
    say(`   ${again}`);
    expect(again, "refused: NULLIFIER_USED", "a second signup of the same person");

    say("7. Another enrolled person signs up, and a tampered proof is tried:");
    const other = await outcome(
      shop.consume("signup", await holder.prove(people[1]!, { ...scope, message: 1n }, { membership })),
    );
    say(`   another person: ${other}`);
    expect(other, "accepted", "another person's signup");
    const tampered = await outcome(shop.consume("signup", { ...proof, nullifier: "1" }));
    say(`   tampered nullifier: ${tampered}`);
    expect(tampered, "refused: INVALID_PROOF", "a tampered proof");
    say("\nDone: one enrollment per face, one signup per person and service, and nobody learned who.");
  } finally {
    await server.close();
    await membership.close();
    await enrollment.close();
    await rm(dir, { recursive: true, force: true });
  }
}
