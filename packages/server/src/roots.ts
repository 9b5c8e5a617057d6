import type { RootRecord } from "./storage/types.js";

/** How a proof's Merkle root stands: the current root, a still valid old one, expired, or unknown. */
export type RootStatus = "current" | "valid" | "expired" | "unknown";

/**
 * A root stays usable for `windowMs` after it was *superseded* (not after it was created):
 * a holder who built a proof just before someone else enrolled must not be refused, while
 * an old root cannot be used forever. Unknown and expired are different errors.
 */
export function rootStatus(record: RootRecord | undefined, now: number, windowMs: number): RootStatus {
  if (record === undefined) return "unknown";
  if (record.supersededAt === null) return "current";
  return now - record.supersededAt <= windowMs ? "valid" : "expired";
}
