// Anonymous membership in a few calls: run with `npx tsx examples/membership.ts`.
import { Group, Identity, Membership, scopeOf } from "@zkpop/core";
import { releaseSnarkjsCurves } from "@zkpop/prover";

const zk = await Membership.load(); // builds the circuit and a development key on first use
const people = [new Identity("alice's secret"), new Identity("bob's secret"), new Identity("carol's secret")];
const group = new Group(people.map((p) => p.commitment));

const scope = scopeOf("shop.example", "signup");
const proof = await zk.prove(people[1]!, group, scope, 0n);
const verified = await zk.verify(proof, { expectedScope: scope });
console.log(`valid membership proof for ${scope}; nullifier ${verified.nullifier}`);

await zk.close();
await releaseSnarkjsCurves();
