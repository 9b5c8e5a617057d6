/** Compiles an enrollment-circuit test source (cached) and opens its witness generator and R1CS. */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { enrollCircuitsDir } from "@zkpop/circuits";
import { artifactsHome, compileCircuit, readR1cs, WitnessGenerator } from "@zkpop/prover";
import { circomlib } from "../../../test/fixtures.js";

export async function loadCircuit(source: string) {
  const c = await compileCircuit({ source, includePaths: [circomlib, enrollCircuitsDir()] });
  return { c, gen: await WitnessGenerator.fromWasm(c.wasmPath), r1cs: await readR1cs(c.r1csPath) };
}

/** Writes a generated template body with `main = <main>` under the artifacts home, then loads it. */
export async function loadGenerated(name: string, include: string, body: string, main: string) {
  const dir = path.join(artifactsHome(), "sources");
  await mkdir(dir, { recursive: true });
  const src = path.join(dir, `${name}.circom`);
  await writeFile(src, `pragma circom 2.1.5;\ninclude "${include}";\n${body}component main = ${main}();\n`);
  return loadCircuit(src);
}
