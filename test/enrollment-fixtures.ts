import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { attestCapture, attesterPublicKey } from "@zkpop/attestation";
import { Enrollment, type EnrollmentProof, Identity } from "@zkpop/core";
import { orlCropsPath, orlSubject } from "@zkpop/enroll-circuit";
import { readCropCache } from "@zkpop/image";
import { artifactsHome } from "@zkpop/prover";

// Real enrollment proofs the server tests share: made once (about 6 s each) by the global setup,
// kept on disk keyed by the enrollment circuit's id. Nothing here is mocked.

/** The trusted test attester's key (fixed, so that cached proofs stay valid across runs). */
export const TEST_ATTESTER_KEY = new Uint8Array(createHash("sha256").update("zkpop test attester").digest());
export const UNTRUSTED_ATTESTER_KEY = new Uint8Array(createHash("sha256").update("zkpop untrusted").digest());
/** capturedAt of every fixture (unix s); the in-process test servers' clock starts here. */
export const FIXTURE_CAPTURED_AT = 1_700_000_000;
/** Held-out ORL subjects (never trained on) enrolled by the fixtures, one face each. */
const SUBJECTS = [21, 22, 23, 24, 25, 26, 27, 28];

export interface EnrollmentFixtures {
  circuit: string;
  attester: { x: string; y: string };
  /** Distinct people (subjects above), each with their own identity. */
  people: EnrollmentProof[];
  /** people[0]'s very face again, under another identity: a sybil. */
  sybil: EnrollmentProof;
  /** A face signed by an attester the registry does not trust. */
  untrusted: EnrollmentProof;
  /** Most tags any two distinct people share (the registry's m must be above it here). */
  maxSharedTags: number;
}

const cache = () => readCropCache(orlCropsPath());
const firstCrop = (c: ReturnType<typeof cache>, subject: number, shot = 0) =>
  c.crops[c.index.entries.findIndex((e) => orlSubject(e.label) === subject) + shot]!.data;

async function make(zk: Enrollment): Promise<EnrollmentFixtures> {
  const c = cache();
  const prove = async (key: Uint8Array, pixels: Uint8Array, who: string) => {
    const identity = new Identity(`zkpop test enrollee ${who}`);
    const attestation = attestCapture(key, {
      pixels,
      identityCommitment: identity.commitment,
      capturedAt: FIXTURE_CAPTURED_AT,
    });
    return (await zk.enroll({ identity, capture: pixels, attestation })).proof;
  };
  const people: EnrollmentProof[] = [];
  for (const s of SUBJECTS) people.push(await prove(TEST_ATTESTER_KEY, firstCrop(c, s), `s${s}`));
  let maxSharedTags = 0;
  for (let i = 0; i < people.length; i++)
    for (let j = i + 1; j < people.length; j++) {
      const shared = people[i]!.tags.filter((t, k) => people[j]!.tags[k] === t).length;
      maxSharedTags = Math.max(maxSharedTags, shared);
    }
  const pk = attesterPublicKey(TEST_ATTESTER_KEY);
  return {
    circuit: zk.id,
    attester: { x: pk.x.toString(), y: pk.y.toString() },
    people,
    sybil: await prove(TEST_ATTESTER_KEY, firstCrop(c, SUBJECTS[0]!), "sybil"),
    untrusted: await prove(UNTRUSTED_ATTESTER_KEY, firstCrop(c, 29), "untrusted"),
    maxSharedTags,
  };
}

/** The fixtures for the current enrollment circuit, made and cached on first call. */
export async function enrollmentFixtures(home = artifactsHome()): Promise<EnrollmentFixtures> {
  const zk = await Enrollment.load({ home });
  const file = path.join(home, "test-proofs", `enrollment-${zk.id.slice(0, 24)}.json`);
  try {
    if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as EnrollmentFixtures;
    const fixtures = await make(zk);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(fixtures));
    renameSync(`${file}.${process.pid}.tmp`, file);
    return fixtures;
  } finally {
    await zk.close();
  }
}
