import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const circomlib = path.join(path.dirname(require.resolve("circomlib/package.json")), "circuits");
export const rangeMultiplier = path.join(repoRoot, "circuits/test/range-multiplier.circom");
