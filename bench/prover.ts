/**
 * Native BN254 engine vs today's engines (issue 10), in one run, ratios printed.
 * Run: npm run bench:prover [-- --json] [-- --skip-setup]
 * Sections: verification (native vs mcl-wasm, single and batch of 64, per proof) and the
 * development setup of the enrollment circuit (native vs ptau + snarkjs phase 2).
 */
import { engineInfo, releaseSnarkjsCurves } from "@zkpop/prover";
import { printTable, wantsJson } from "./lib.js";
import { benchDevSetup, benchVerification, setupRows, verifyRows } from "./verify-setup.js";

if (engineInfo().engine !== "native")
  throw new Error(`bench:prover needs the native addon (${engineInfo().reason})`);
const result: Record<string, unknown> = {
  machine: { cpus: (await import("node:os")).cpus().length, node: process.version },
};
const verification = await benchVerification();
result.verification = verification;
printTable("Groth16 verification, Semaphore depth 20 (per proof)", verifyRows(verification));
if (!process.argv.includes("--skip-setup")) {
  const setup = await benchDevSetup();
  result.devSetup = setup;
  printTable("Development setup, enrollment circuit", setupRows(setup));
}
if (wantsJson) console.log(JSON.stringify(result, null, 2));
await releaseSnarkjsCurves();
