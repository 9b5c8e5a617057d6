/**
 * A platform builder who installs @zkpop/core, @zkpop/client or @zkpop/server gets no ML runtime:
 * the production dependency closure of each, read from package-lock.json with Node's resolution
 * (nested node_modules first, then up to the root; workspace links followed), has no TensorFlow.js,
 * face-api or onnxruntime. The face package must have them, which shows the walk finds them.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./fixtures.js";

interface LockEntry {
  link?: boolean;
  resolved?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const lock = JSON.parse(readFileSync(path.join(repoRoot, "package-lock.json"), "utf8")) as {
  packages: Record<string, LockEntry>;
};
const ML_RUNTIME = [/^@tensorflow\//, /face-api/, /^onnxruntime/];

/** Where `name` resolves from the package at `from` (a lockfile key), as Node would find it. */
function resolve(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = path.posix.dirname(dir)) {
    const key = dir === "." || dir === "" ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    const entry = lock.packages[key];
    if (entry) return entry.link ? entry.resolved : key;
    if (dir === "." || dir === "") return undefined;
  }
}

/** Package names in the production dependency closure of the workspace package at `root`. */
function closure(root: string): Map<string, string> {
  const seen = new Map<string, string>(); // lockfile key -> package name
  const queue: Array<[string, string]> = [[root, root]];
  while (queue.length > 0) {
    const [key, name] = queue.pop()!;
    if (seen.has(key)) continue;
    seen.set(key, name);
    const e = lock.packages[key];
    if (!e) throw new Error(`${key} is not in package-lock.json`);
    const deps = { ...e.dependencies, ...e.optionalDependencies, ...e.peerDependencies };
    for (const dep of Object.keys(deps)) {
      const at = resolve(dep, key);
      if (at) queue.push([at, dep]);
      else if (!e.optionalDependencies?.[dep] && !e.peerDependencies?.[dep])
        throw new Error(`${dep} (needed by ${name}) is not in package-lock.json`);
    }
  }
  return seen;
}

const mlIn = (root: string) =>
  [...closure(root).values()].filter((n) => ML_RUNTIME.some((re) => re.test(n))).sort();

describe("no ML runtime under the packages a platform builder installs", () => {
  for (const pkg of ["core", "client", "server", "errors", "attestation", "enroll-circuit", "image"]) {
    it(`@zkpop/${pkg}`, () => {
      expect(mlIn(`packages/${pkg}`)).toEqual([]);
    });
  }

  it("finds the ML runtime where it is (@zkpop/face, @zkpop/lab): the walk is not blind", () => {
    expect(mlIn("packages/face")).toEqual(
      expect.arrayContaining(["@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm", "@vladmandic/face-api"]),
    );
    expect(mlIn("packages/lab")).toEqual(expect.arrayContaining(["onnxruntime-node"]));
  });
});
