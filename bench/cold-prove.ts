// One membership proof in a fresh process through upstream's generateProof (what a holder's
// app pays on its first proof): argv = artifact dir, depth. Prints JSON timings.
import path from "node:path";

const t0 = performance.now();
const { Group } = await import("@semaphore-protocol/group");
const { Identity } = await import("@semaphore-protocol/identity");
const { generateProof } = await import("@semaphore-protocol/proof");
const [dir, depth] = [process.argv[2]!, Number(process.argv[3])];
const ids = Array.from({ length: 8 }, (_, i) => new Identity(`cold ${i}`));
const group = new Group(ids.map((i) => i.commitment));
const t1 = performance.now();
await generateProof(ids[3]!, group, 1n, 2n, depth, {
  wasm: path.join(dir, "circuit.wasm"),
  zkey: path.join(dir, "circuit.zkey"),
});
const t2 = performance.now();
console.log(JSON.stringify({ proveMs: t2 - t1, processMs: t2 - t0 }));
process.exit(0);
