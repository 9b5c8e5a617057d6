import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./fixtures.js";

/** One entry of package-lock.json's `packages` (the fields we read). */
export interface LockEntry {
  version?: string;
  link?: boolean;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [field: string]: unknown;
}

export const lock = JSON.parse(readFileSync(path.join(repoRoot, "package-lock.json"), "utf8")) as {
  packages: Record<string, LockEntry>;
};

/** Where `name` resolves from the package at `from` (a lockfile key), as Node would find it. */
function resolve(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = path.posix.dirname(dir)) {
    const key = dir === "." || dir === "" ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
    const entry = lock.packages[key];
    if (entry) return entry.link ? entry.resolved : key;
    if (dir === "." || dir === "") return undefined;
  }
}

/**
 * The production dependency closure of the workspace package at `root` (e.g. "packages/core"):
 * lockfile key -> package name, workspace links followed, nested node_modules first.
 */
export function closure(root: string): Map<string, string> {
  const seen = new Map<string, string>();
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

/**
 * A package-lock.json for a project that depends on the given workspace packages as tarballs
 * (`tarball(ws)` is the file spec, e.g. "file:../tarballs/zkpop-core-0.1.0.tgz"): every other
 * entry is the repository's own (same versions, resolved URLs and integrity), so `npm ci
 * --offline` installs it from the npm cache the repository's `npm ci` filled.
 */
export function tarballLockfile(workspaces: readonly string[], tarball: (ws: string) => string): object {
  const where = (key: string): string => {
    const m = /^packages\/([^/]+)(\/.*)?$/.exec(key);
    return m ? `node_modules/@zkpop/${m[1]}${m[2] ?? ""}` : key;
  };
  const rootDeps = Object.fromEntries(workspaces.map((ws) => [`@zkpop/${ws}`, tarball(ws)]));
  const packages: Record<string, LockEntry> = { "": { name: "app", dependencies: rootDeps } };
  for (const ws of workspaces) {
    for (const key of closure(`packages/${ws}`).keys()) {
      const { dev: _d, devDependencies: _dd, peer: _p, license: _l, engines: _e, ...e } = lock.packages[key]!;
      const ownWs = /^packages\/([^/]+)$/.exec(key)?.[1];
      packages[where(key)] = ownWs ? { ...e, version: e.version, resolved: tarball(ownWs) } : e;
    }
  }
  return { name: "app", lockfileVersion: 3, requires: true, packages };
}
