import { Group } from "@semaphore-protocol/group";
import { Identity } from "@semaphore-protocol/identity";
import { verifyProof as upstreamVerifyProof } from "@semaphore-protocol/proof";
import {
  DepthMismatchError,
  InvalidProofError,
  MalformedProofError,
  Membership,
  type MembershipProof,
  NonCanonicalFieldError,
  NotAMemberError,
  ScopeError,
  ScopeMismatchError,
  SNARK_FIELD,
  scopeOf,
} from "@zkpop/core";
import { releaseSnarkjsCurves } from "@zkpop/prover";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let m: Membership;
let ids: Identity[];
let group: Group;
let proof: MembershipProof;
const scope = scopeOf("shop.example", "signup");

beforeAll(async () => {
  m = await Membership.load({ depth: 20 });
  ids = Array.from({ length: 1000 }, (_, i) => new Identity(`test member ${i}`));
  group = new Group(ids.map((i) => i.commitment));
  proof = await m.prove(ids[417]!, group, scope, 12345n);
});
afterAll(async () => {
  await m.close();
  await releaseSnarkjsCurves();
});

describe("membership proofs (Semaphore v4, local setup, depth 20)", () => {
  it("verifies with our key, for its scope", async () => {
    expect(proof.merkleTreeRoot).toBe(group.root.toString());
    expect(await m.verify(proof, { expectedScope: scope })).toEqual(proof);
  });

  it("agrees with snarkjs' reference verification", async () => {
    expect(await m.verifyReference(proof)).toBe(true);
    expect(await m.verifyReference({ ...proof, nullifier: "1" })).toBe(false);
    expect(
      await m.verifyReference({ ...proof, merkleTreeRoot: (BigInt(proof.merkleTreeRoot) + 1n).toString() }),
    ).toBe(false);
  });

  it("is rejected by upstream's bundled keys (another setup), which is why we verify with ours", async () => {
    expect(await upstreamVerifyProof(proof as never)).toBe(false);
  });

  it("gives the same nullifier for the same person and scope, another for another scope", async () => {
    const again = await m.prove(ids[417]!, group, scope, 999n);
    expect(again.nullifier).toBe(proof.nullifier);
    const other = await m.prove(ids[417]!, group, scopeOf("shop.example", "vote"), 12345n);
    expect(other.nullifier).not.toBe(proof.nullifier);
    const otherPerson = await m.prove(ids[3]!, group, scope, 12345n);
    expect(otherPerson.nullifier).not.toBe(proof.nullifier);
    expect(m.verifyBatch([proof, again, other, otherPerson])).toEqual({ allValid: true, invalid: [] });
  });

  it("the cold upstream generateProof path makes proofs our key accepts", async () => {
    const cold = await m.proveCold(ids[5]!, group, scope, 7n);
    await expect(m.verify(cold, { expectedScope: scope })).resolves.toBeTruthy();
  });

  it("rejects a proof for another scope", async () => {
    await expect(m.verify(proof, { expectedScope: scopeOf("other.example", "signup") })).rejects.toThrow(
      ScopeMismatchError,
    );
    await expect(m.verify({ ...proof, scope: "1" })).rejects.toThrow(InvalidProofError);
  });

  it("rejects altered public values and tampered points", async () => {
    for (const key of ["merkleTreeRoot", "nullifier", "message"] as const) {
      await expect(m.verify({ ...proof, [key]: (BigInt(proof[key]) + 1n).toString() })).rejects.toThrow(
        InvalidProofError,
      );
    }
    // A valid curve point taken from another proof in place of A.
    const other = await m.prove(ids[1]!, group, scope, 12345n);
    const points = [other.points[0]!, other.points[1]!, ...proof.points.slice(2)];
    await expect(m.verify({ ...proof, points })).rejects.toThrow(InvalidProofError);
    // Swapped coordinates: not a point of the curve at all. The same code as for enrollment.
    const swapped = [proof.points[1]!, proof.points[0]!, ...proof.points.slice(2)];
    await expect(m.verify({ ...proof, points: swapped })).rejects.toMatchObject({ code: "INVALID_PROOF" });
    expect(m.verifyBatch([proof, { ...proof, nullifier: "1" }])).toEqual({ allValid: false, invalid: [1] });
  });

  it("refuses non-canonical field elements and malformed proofs with typed errors", async () => {
    const alias = (BigInt(proof.nullifier) + SNARK_FIELD).toString();
    await expect(m.verify({ ...proof, nullifier: alias })).rejects.toMatchObject({
      code: "NON_CANONICAL_FIELD",
    });
    await expect(m.verify({ ...proof, message: "-1" })).rejects.toThrow(NonCanonicalFieldError);
    for (const v of ["1e3", "0x10", " 1", "01", "", "1.0"]) {
      await expect(m.verify({ ...proof, nullifier: v })).rejects.toThrow(NonCanonicalFieldError);
    }
    await expect(m.verify({ ...proof, message: 5 })).rejects.toThrow(MalformedProofError);
    await expect(m.verify({ ...proof, points: proof.points.slice(1) })).rejects.toThrow(MalformedProofError);
    await expect(m.verify({ ...proof, extra: 1 })).rejects.toThrow(MalformedProofError);
    await expect(m.verify(null)).rejects.toThrow(MalformedProofError);
    await expect(m.verify({ ...proof, merkleTreeDepth: 16 })).rejects.toThrow(DepthMismatchError);
  });

  it("refuses to prove for non-members and bad scopes", async () => {
    await expect(m.prove(new Identity("stranger"), group, scope, 1n)).rejects.toThrow(NotAMemberError);
    await expect(m.prove(ids[0]!, group, "no-colon", 1n)).rejects.toThrow(ScopeError);
    await expect(m.prove(ids[0]!, group, "UPPER:x", 1n)).rejects.toThrow(ScopeError);
  });
});
