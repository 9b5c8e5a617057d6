import { intIn, parseOptions } from "@zkpop/errors";

// The Semaphore tree depth: its default and bounds, written once. The library, the proof's wire
// schema, the CLI's --depth and the server's membershipDepth all check with this schema.

/** Default membership tree depth: groups of up to 2^20 (about a million) members. */
export const DEFAULT_DEPTH = 20;
/** Smallest and largest depth the Semaphore v4 circuit is built for. */
export const DEPTH_BOUNDS = Object.freeze({ min: 1, max: 32 });

/** A membership tree depth: an integer in [1, 32]. */
export const membershipDepthSchema = intIn(DEPTH_BOUNDS.min, DEPTH_BOUNDS.max);

/** `depth`, or BAD_ARGUMENT when it is not an integer in [1, 32]. */
export function checkDepth(depth: unknown, label = "membership depth"): number {
  return parseOptions(membershipDepthSchema, depth, "BAD_ARGUMENT", label);
}
