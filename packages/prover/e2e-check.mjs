import { readFileSync } from "node:fs";
import { loadArtifacts, nativeAddon, WitnessGenerator } from "@zkpop/prover";
import * as snarkjs from "snarkjs";

const dir = process.argv[2];
const input = JSON.parse(process.argv[3]);
const art = await loadArtifacts(dir);
const gen = await WitnessGenerator.fromWasm(art.wasm);
const wtns = await gen.wtns(input);
const addon = nativeAddon();
let t = performance.now();
const key = new addon.ProvingKey(art.zkey);
console.log("load ms", performance.now() - t, key.nVars, key.nPublic, key.domainSize);
for (let i = 0; i < 3; i++) {
  t = performance.now();
  const res = await key.prove(wtns);
  const ms = performance.now() - t;
  const ok = await snarkjs.groth16.verify(art.vkey, res.publicSignals, res.proof);
  console.log("native", ms.toFixed(1), "ms verify", ok, res.publicSignals.slice(0, 2));
}
t = performance.now();
const sr = await snarkjs.groth16.prove(art.zkey, wtns);
console.log("snarkjs ms", performance.now() - t);
process.exit(0);
