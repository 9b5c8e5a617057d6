import { createAddressFromString } from "@ethereumjs/util";
import {
  Group,
  Identity,
  Membership,
  type MembershipProof,
  scopeOf,
  scopeToField,
  semaphoreHash,
} from "@zkpop/core";
import {
  compileSolidity,
  decodeBool,
  EvmCallError,
  encodeCall,
  groth16VerifierSolidity,
  LocalEvm,
  MEMBERSHIP_CONTRACT,
  membershipSolidity,
  selector,
  verifyAndRecordCalldata,
  verifyProofCalldata,
} from "@zkpop/onchain";
import { releaseSnarkjsCurves } from "@zkpop/prover";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unpack } from "./unpack-proof.js";

const scope = scopeOf("shop.example", "signup");
let m: Membership;
let group: Group;
let proof: MembershipProof;
let evm: LocalEvm;
let verifier: Awaited<ReturnType<LocalEvm["deploy"]>>;
let registry: Awaited<ReturnType<LocalEvm["deploy"]>>;

const word = (a: { toString(): string }) => BigInt(a.toString());

beforeAll(async () => {
  m = await Membership.load({ depth: 20 });
  const ids = Array.from({ length: 50 }, (_, i) => new Identity(`onchain member ${i}`));
  group = new Group(ids.map((i) => i.commitment));
  proof = await m.prove(ids[17]!, group, scope, 0xc0ffeen);
  const contracts = compileSolidity({
    "MembershipVerifier.sol": groth16VerifierSolidity(m.verificationKey, "MembershipVerifier"),
    "ZkpopMembership.sol": membershipSolidity("MembershipVerifier"),
  });
  evm = await LocalEvm.create();
  verifier = await evm.deploy(contracts.MembershipVerifier!.bytecode);
  const ctor = encodeCall(new Uint8Array(), [word(verifier), semaphoreHash(scopeToField(scope)), group.root]);
  registry = await evm.deploy(contracts[MEMBERSHIP_CONTRACT]!.bytecode, ctor);
}, 600_000);
afterAll(async () => {
  await m.close();
  await releaseSnarkjsCurves();
});

/** The revert's custom error selector, by name. */
async function revertOf(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(EvmCallError);
  const sel = Buffer.from((e as EvmCallError).returnValue.slice(0, 4)).toString("hex");
  const names = ["UnknownRoot(uint256)", "NullifierUsed(uint256)", "InvalidProof()", "NotRegistry()"];
  return names.find((n) => Buffer.from(selector(n)).toString("hex") === sel) ?? sel;
}

describe("membership on chain (Semaphore v4 depth 20, solc + in-process EVM)", () => {
  it("the exported verifier accepts the real proof and rejects tampered signals, with gas", async () => {
    const pub = [
      proof.merkleTreeRoot,
      proof.nullifier,
      semaphoreHash(BigInt(proof.message)).toString(),
      semaphoreHash(BigInt(proof.scope)).toString(),
    ];
    const ok = await evm.call(verifier, verifyProofCalldata(unpack(proof.points), pub));
    expect(decodeBool(ok.returnValue)).toBe(true);
    console.log(
      `membership verifyProof: ${ok.executionGas} execution gas, ${ok.transactionGas} as a transaction`,
    );
    expect(ok.executionGas).toBeGreaterThan(150_000n);
    const bad = await evm.call(
      verifier,
      verifyProofCalldata(unpack(proof.points), [pub[0]!, "1", pub[2]!, pub[3]!]),
    );
    expect(decodeBool(bad.returnValue)).toBe(false);
  });

  it("refuses an unknown root, a tampered proof and another message; records the nullifier once", async () => {
    expect(
      await revertOf(evm.call(registry, verifyAndRecordCalldata({ ...proof, merkleTreeRoot: "12345" }))),
    ).toBe("UnknownRoot(uint256)");
    const points = [...proof.points];
    points[6] = points[0]!; // c replaced by a (a valid curve point, wrong proof)
    points[7] = points[1]!;
    expect(await revertOf(evm.call(registry, verifyAndRecordCalldata({ ...proof, points })))).toBe(
      "InvalidProof()",
    );
    expect(await revertOf(evm.call(registry, verifyAndRecordCalldata({ ...proof, message: "1" })))).toBe(
      "InvalidProof()",
    );
    const first = await evm.call(registry, verifyAndRecordCalldata(proof));
    console.log(
      `membership verifyAndRecord: ${first.executionGas} execution gas, ${first.transactionGas} as a transaction`,
    );
    expect(await revertOf(evm.call(registry, verifyAndRecordCalldata(proof)))).toBe("NullifierUsed(uint256)");
  });

  it("only the registry publishes roots", async () => {
    const add = encodeCall(selector("acceptRoot(uint256)"), [999n]);
    const stranger = createAddressFromString(`0x${"22".repeat(20)}`);
    expect(await revertOf(evm.call(registry, add, stranger))).toBe("NotRegistry()");
    expect((await evm.call(registry, add)).executionGas).toBeGreaterThan(20_000n);
  });
});
