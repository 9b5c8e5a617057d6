import path from "node:path";
import { fileURLToPath } from "node:url";
import { circomlibCircuits } from "@zkpop/prover";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const circomlib = circomlibCircuits();
export const rangeMultiplier = path.join(repoRoot, "circuits/test/range-multiplier.circom");
