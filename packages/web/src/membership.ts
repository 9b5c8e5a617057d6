import type { Group } from "@semaphore-protocol/group";
import type { Identity } from "@semaphore-protocol/identity";
import { packGroth16Proof } from "@zk-kit/utils/proof-packing";
import { type MembershipProof, scopeToField, semaphoreHash } from "@zkpop/core/browser";
import { ZkpopError } from "@zkpop/errors";
import type { ProveOptions, WebProver, WorkerProof } from "./prover.js";

/** The circuit inputs of a membership proof (the identity secret stays in this page and its worker). */
export function membershipInput(
  identity: Identity,
  group: Group,
  scope: string,
  message: bigint,
  depth: number,
) {
  const index = group.indexOf(identity.commitment);
  if (index < 0) throw new ZkpopError("NOT_A_MEMBER", "this identity is not in the group (enroll first)");
  const mp = group.generateMerkleProof(index);
  if (mp.siblings.length > depth)
    throw new ZkpopError(
      "BAD_ARGUMENT",
      `the group is deeper (${mp.siblings.length}) than the circuit (${depth})`,
    );
  const scopeValue = scopeToField(scope);
  return {
    root: mp.root,
    scopeValue,
    input: {
      secret: identity.secretScalar,
      merkleProofLength: mp.siblings.length,
      merkleProofIndex: mp.index,
      merkleProofSiblings: Array.from({ length: depth }, (_, i) => mp.siblings[i] ?? 0n),
      scope: semaphoreHash(scopeValue),
      message: semaphoreHash(message),
    },
  };
}

/**
 * Proves in the worker that `identity` is in `group`, for `scope` (`rpId:action`) and `message`.
 * The prover must have loaded the circuit under `circuit` (default "membership").
 */
export async function proveMembership(
  prover: WebProver,
  args: {
    identity: Identity;
    group: Group;
    scope: string;
    message?: bigint;
    depth: number;
    circuit?: string;
  },
  opts: ProveOptions = {},
): Promise<{ proof: MembershipProof; timing: Pick<WorkerProof, "witnessMs" | "proveMs"> }> {
  const message = args.message ?? 0n;
  const { root, scopeValue, input } = membershipInput(
    args.identity,
    args.group,
    args.scope,
    message,
    args.depth,
  );
  const r = await prover.prove(args.circuit ?? "membership", input, opts);
  return {
    proof: {
      merkleTreeDepth: args.depth,
      merkleTreeRoot: root.toString(),
      nullifier: r.publicSignals[1]!,
      message: message.toString(),
      scope: scopeValue.toString(),
      points: packGroth16Proof(r.proof as never).map(String),
    },
    timing: { witnessMs: r.witnessMs, proveMs: r.proveMs },
  };
}
