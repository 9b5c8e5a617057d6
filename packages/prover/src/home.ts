import path from "node:path";

/**
 * Where compiled circuits, keys and powers of tau are cached. Project-local by default
 * (`./.zkpop`, like `node_modules/.cache`), so a fresh clone builds from scratch;
 * `ZKPOP_HOME` moves it, e.g. to share one cache between checkouts.
 */
export function artifactsHome(explicit?: string): string {
  return path.resolve(explicit ?? process.env.ZKPOP_HOME ?? path.join(process.cwd(), ".zkpop"));
}
