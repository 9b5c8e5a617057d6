import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { attestCapture, attesterPublicKey } from "@zkpop/attestation";
import { Enrollment, type EnrollmentProof, Identity } from "@zkpop/core";
import { DEFAULT_DEDUP_THRESHOLD, orlCropsPath } from "@zkpop/enroll-circuit";
import { readCropCache } from "@zkpop/image";
import { artifactsHome } from "@zkpop/prover";

// Real enrollment proofs the server tests share: made once (about 6 s each) by the global setup,
// kept on disk keyed by the enrollment circuit's id. Nothing here is mocked.

/** The trusted test attester's key (fixed, so that cached proofs stay valid across runs). */
export const TEST_ATTESTER_KEY = new Uint8Array(createHash("sha256").update("zkpop test attester").digest());
export const UNTRUSTED_ATTESTER_KEY = new Uint8Array(createHash("sha256").update("zkpop untrusted").digest());
/** capturedAt of every fixture (unix s); the in-process test servers' clock starts here. */
export const FIXTURE_CAPTURED_AT = 1_700_000_000;
/**
 * Another capture of one person, whose tags still collide under the registry's default rule (at
 * least DEFAULT_DEDUP_THRESHOLD = 154 of the 512 tags equal). Chosen by a fixed rule over the crop
 * cache (packages/enroll-circuit/data/orl-crops-32.*), run once with the default circuit's
 * integer program (zkml `execute`) and its LSH: among ORL s21–s30 in order, the first subject
 * one of whose photos 2–10 shares at least 154 tags with its photo 1, and the first such photo:
 * s21's photo 2 shares 168. The fixtures and the tests re-check it, and that the people enrolled
 * here share fewer than m tags. The rule as a script: packages/enroll-circuit/scripts/same-person-pair.ts.
 */
export const SAME_PERSON = { first: "s21/1.pgm", other: "s21/2.pgm" } as const;
/**
 * ORL subjects enrolled by the fixtures, one face (photo 1) each; the first is SAME_PERSON's.
 * The committed student was fitted on s1–s30, so these are training people.
 */
const SUBJECTS = [21, 22, 23, 24, 25, 26, 27, 28];

export interface EnrollmentFixtures {
  circuit: string;
  attester: { x: string; y: string };
  /** Distinct people (subjects above), each with their own identity. */
  people: EnrollmentProof[];
  /** people[0] again with another photo (SAME_PERSON.other) under another identity: a sybil. */
  sybil: EnrollmentProof;
  /** Tags the sybil shares with people[0] (at least DEFAULT_DEDUP_THRESHOLD, fewer than all). */
  sybilSharedTags: number;
  /** A face signed by an attester the registry does not trust. */
  untrusted: EnrollmentProof;
  /** Most tags any two distinct people share (the registry's m must be above it here). */
  maxSharedTags: number;
}

let crops: ReturnType<typeof readCropCache> | undefined;
const cache = () => (crops ??= readCropCache(orlCropsPath()));

/** The 32×32 crop of one ORL photo ("s22/2.pgm") from the committed crop cache. */
export function orlCrop(source: string): Uint8Array {
  const c = cache();
  const i = c.index.entries.findIndex((e) => e.source === source);
  if (i < 0) throw new Error(`no crop of ${source} in the crop cache`);
  return c.crops[i]!.data;
}

/** How many positions two tag lists agree on (the registry's m-of-L count). */
export const sharedTags = (a: readonly string[], b: readonly string[]) =>
  a.filter((t, k) => b[k] === t).length;

async function make(zk: Enrollment): Promise<EnrollmentFixtures> {
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
  for (const s of SUBJECTS) people.push(await prove(TEST_ATTESTER_KEY, orlCrop(`s${s}/1.pgm`), `s${s}`));
  let maxSharedTags = 0;
  for (let i = 0; i < people.length; i++)
    for (let j = i + 1; j < people.length; j++) {
      const shared = sharedTags(people[i]!.tags, people[j]!.tags);
      maxSharedTags = Math.max(maxSharedTags, shared);
    }
  const other = orlCrop(SAME_PERSON.other);
  if (Buffer.from(other).equals(Buffer.from(orlCrop(SAME_PERSON.first))))
    throw new Error("SAME_PERSON's two photos have the same crop");
  const sybil = await prove(TEST_ATTESTER_KEY, other, "sybil");
  const sybilSharedTags = sharedTags(sybil.tags, people[0]!.tags);
  // The rule above, re-checked on the proofs: a new circuit or model must choose the pair again.
  if (sybilSharedTags < DEFAULT_DEDUP_THRESHOLD || sybilSharedTags === sybil.tags.length)
    throw new Error(`SAME_PERSON shares ${sybilSharedTags} tags: choose the pair again (see its comment)`);
  const pk = attesterPublicKey(TEST_ATTESTER_KEY);
  return {
    circuit: zk.id,
    attester: { x: pk.x.toString(), y: pk.y.toString() },
    people,
    sybil,
    sybilSharedTags,
    untrusted: await prove(UNTRUSTED_ATTESTER_KEY, orlCrop("s29/1.pgm"), "untrusted"),
    maxSharedTags,
  };
}

/** The fixtures for the current enrollment circuit, made and cached on first call. */
export async function enrollmentFixtures(home = artifactsHome()): Promise<EnrollmentFixtures> {
  const zk = await Enrollment.load({ home });
  const file = path.join(home, "test-proofs", `enrollment-v2-${zk.id.slice(0, 24)}.json`);
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
