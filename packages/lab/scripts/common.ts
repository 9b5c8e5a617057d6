/** Shared bits of the scripts: default paths and a tiny --flag parser. */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { orlCropsPath } from "@zkpop/enroll-circuit";
import { orlDir } from "../src/orl.js";

export const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** DESIGN.md: the dataset lives next to the repository (or at $ZKPOP_ORL_DIR). */
export const DEFAULT_ORL_DIR = orlDir();
export const DATA_DIR = path.join(PACKAGE_DIR, "data");
/** The runtime data the enrollment circuit ships (student-32.onnx, orl-crops-32.*), in @zkpop/enroll-circuit. */
export const RUNTIME_DATA_DIR = path.dirname(orlCropsPath());

/** Experiment caches (crops at other sizes, augmented and blended faces): not committed, rebuilt by the scripts. */
export const LAB_CACHE_DIR = process.env.ZKPOP_LAB_CACHE ?? path.join(PACKAGE_DIR, ".cache");

export function flags(argv: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("--")) throw new Error(`unexpected argument ${a}`);
    const eq = a.indexOf("=");
    if (eq > 0) out.set(a.slice(2, eq), a.slice(eq + 1));
    else out.set(a.slice(2), argv[++i] ?? "");
  }
  return out;
}
