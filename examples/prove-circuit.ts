// Any circom circuit through @zkpop/prover: run with `npx tsx examples/prove-circuit.ts`.
import path from "node:path";
import {
  circomlibCircuits,
  compileCircuit,
  Groth16Verifier,
  loadArtifacts,
  Prover,
  releaseSnarkjsCurves,
  setupDevelopment,
} from "@zkpop/prover";

const circomlib = circomlibCircuits();

const compiled = await compileCircuit({
  source: path.join(import.meta.dirname, "../packages/circuits/test/range-multiplier.circom"),
  includePaths: [circomlib],
});
const { dir } = await setupDevelopment(compiled); // cached: the second run does no work
const artifacts = await loadArtifacts(dir); // refuses files whose hash differs from the manifest

const prover = new Prover(artifacts);
const items = [];
for (const [a, b] of [
  [3, 4],
  [5, 6],
  [7, 8],
])
  items.push(await prover.prove({ a, b }));
await prover.close();

const verifier = await Groth16Verifier.create(artifacts.vkey);
console.log(
  "single:",
  items.map((it) => verifier.verify(it)),
);
console.log("batch:", verifier.verifyBatch(items));
await releaseSnarkjsCurves();
