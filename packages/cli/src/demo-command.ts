import { Group, Identity, Membership, scopeOf, ZkpopError } from "@zkpop/core";
import { progressPrinter } from "./progress-printer.js";

const ms = (t0: number) => `${(performance.now() - t0).toFixed(0)} ms`;

/**
 * `zkpop demo`: the story so far, in one process. A group of people, one of them proves
 * anonymously that they belong, a relying service verifies and records the nullifier, and a
 * second signup by the same person (a fresh proof) is caught by its nullifier.
 */
export async function demoCommand(opts: { members: number; home?: string }): Promise<void> {
  const say = (s: string) => console.log(s);
  say("1. Loading the membership circuit (built and set up on first run, cached after) ...");
  let t0 = performance.now();
  const zk = await Membership.load({ home: opts.home, onProgress: progressPrinter() });
  say(`   ready in ${ms(t0)} (setup kind: ${zk.artifacts.manifest.setup.kind})`);

  say(`2. Enrolling ${opts.members} identities in a Semaphore group ...`);
  t0 = performance.now();
  const people = Array.from({ length: opts.members }, (_, i) => new Identity(`zkpop demo person ${i}`));
  const group = new Group(people.map((p) => p.commitment));
  say(`   group root ${group.root.toString().slice(0, 16)}…, size ${group.size}, in ${ms(t0)}`);

  const scope = scopeOf("shop.example", "signup");
  const alice = people[Math.floor(opts.members / 2)]!;
  say(`3. A member proves membership for scope "${scope}" (the service never learns which member) ...`);
  t0 = performance.now();
  const proof = await zk.prove(alice, group, scope, 1n);
  say(`   proof in ${ms(t0)}, nullifier ${proof.nullifier.slice(0, 16)}…`);

  const usedNullifiers = new Set<string>();
  const signup = async (p: unknown) => {
    const t = performance.now();
    try {
      const ok = await zk.verify(p, { expectedScope: scope });
      if (BigInt(ok.merkleTreeRoot) !== group.root) return `refused: unknown root (${ms(t)})`;
      if (usedNullifiers.has(ok.nullifier))
        return `refused: NULLIFIER_USED, this person already signed up (${ms(t)})`;
      usedNullifiers.add(ok.nullifier);
      return `accepted (${ms(t)})`;
    } catch (e) {
      return `refused: ${e instanceof ZkpopError ? e.code : String(e)}`;
    }
  };
  say(`4. The relying service verifies it: ${await signup(proof)}`);

  say("5. The same person signs up again with a brand-new proof ...");
  const second = await zk.prove(alice, group, scope, 2n);
  say(`   ${await signup(second)}`);

  say("6. Someone else signs up, and a tampered proof is tried:");
  say(`   another member: ${await signup(await zk.prove(people[1]!, group, scope, 3n))}`);
  say(`   tampered nullifier: ${await signup({ ...proof, nullifier: "1" })}`);
  await zk.close();
  if (usedNullifiers.size !== 2)
    throw new Error("demo invariant broken: expected exactly two accepted signups");
  say("\nDone: one signup per person and scope, without revealing who.");
}
