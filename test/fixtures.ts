import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { circomlibCircuits } from "@zkpop/prover";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const circomlib = circomlibCircuits();
/** The test circuits of @zkpop/circuits (in the repository only: not in the package's `files`). */
export const testCircuits = path.join(
  path.dirname(createRequire(import.meta.url).resolve("@zkpop/circuits/package.json")),
  "test",
);
export const rangeMultiplier = path.join(testCircuits, "range-multiplier.circom");

/** Bytes of an ORL fixture image (`test/fixtures/orl/<name>.pgm`; credit in its README). */
export function orlFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(repoRoot, "test/fixtures/orl", `${name}.pgm`)));
}
