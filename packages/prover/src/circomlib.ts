import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);

/** The installed circomlib's `circuits` folder, the usual include path for compileCircuit. */
export function circomlibCircuits(): string {
  return path.join(path.dirname(require.resolve("circomlib/package.json")), "circuits");
}
