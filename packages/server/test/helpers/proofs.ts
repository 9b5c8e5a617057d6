import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Group, Identity, Membership, type MembershipProof, scopeOf } from "@zkpop/core";
import { artifactsHome, releaseSnarkjsCurves } from "@zkpop/prover";

// Real membership proofs for the server tests. Made once for a fixed group of deterministic
// identities, and kept on disk keyed by verification key + specs, so re-runs skip the ~2-3 s
// each proof costs (ZKPOP_TEST_FRESH_PROOFS=1 forces new ones). Nothing here is mocked.

export const DEPTH = 20;
export const identities = Array.from({ length: 8 }, (_, i) => new Identity(`zkpop server test member ${i}`));
export const commitments = identities.map((i) => i.commitment.toString());
/** The group every test server is seeded with (same members, same order, same root). */
export const testGroup = () => new Group(identities.map((i) => i.commitment));

export interface ProofSpec {
  member: number;
  rpId: string;
  action: string;
  message: number;
}

export async function proofPool(specs: readonly ProofSpec[]): Promise<MembershipProof[]> {
  const home = artifactsHome();
  const m = await Membership.load({ depth: DEPTH, home });
  const key = createHash("sha256")
    .update(JSON.stringify([m.artifacts.manifest.sha256.vkey, commitments, specs]))
    .digest("hex")
    .slice(0, 24);
  const dir = path.join(home, "test-proofs");
  const file = path.join(dir, `server-${key}.json`);
  try {
    if (existsSync(file) && process.env.ZKPOP_TEST_FRESH_PROOFS !== "1")
      return JSON.parse(readFileSync(file, "utf8")) as MembershipProof[];
    const group = testGroup();
    const out: MembershipProof[] = [];
    for (const s of specs)
      out.push(await m.prove(identities[s.member]!, group, scopeOf(s.rpId, s.action), s.message));
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(out));
    renameSync(`${file}.tmp`, file);
    return out;
  } finally {
    await m.close();
    await releaseSnarkjsCurves();
  }
}

/** Same proof with A and B negated: still valid (e(-A,-B) = e(A,B)), same nullifier, other bytes. */
/**
 * The pool the HTTP tests share: member 0 twice for shop:signup (same nullifier, two messages),
 * member 1 for shop:signup, member 0 for another service (rival:signup).
 */
export const SHOP_POOL: readonly ProofSpec[] = [
  { member: 0, rpId: "shop", action: "signup", message: 1 },
  { member: 0, rpId: "shop", action: "signup", message: 2 },
  { member: 1, rpId: "shop", action: "signup", message: 1 },
  { member: 0, rpId: "rival", action: "signup", message: 1 },
];

export function negated(p: MembershipProof): MembershipProof {
  const q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
  const neg = (v: string) => (v === "0" ? "0" : (q - BigInt(v)).toString());
  const [ax, ay, bx0, bx1, by0, by1, cx, cy] = p.points as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return { ...p, points: [ax, neg(ay), bx0, bx1, neg(by0), neg(by1), cx, cy] };
}
