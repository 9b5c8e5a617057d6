import { createHash } from "node:crypto";

/** Deterministic 64-hex "tag hash" for tests. */
export function th(label: string | number): string {
  return createHash("sha256").update(String(label)).digest("hex");
}

/** L tag hashes for person p; `shared` positions copied from person q. */
export function tagsFor(p: string, L = 8, shareWith?: { q: string; positions: number[] }): string[] {
  return Array.from({ length: L }, (_, i) =>
    shareWith?.positions.includes(i) ? th(`${shareWith.q}/${i}`) : th(`${p}/${i}`),
  );
}

/** Canonical decimal commitment for test member n. */
export function commitment(n: number): string {
  return (1000n + BigInt(n) * 7919n).toString();
}
