import { ArgumentError } from "@zkpop/errors";
import type { InsertMemberInput, MemberRecord, RootRecord, TreeCursor } from "./types.js";
import { TreeDivergedError } from "./types.js";

/** Guards both backends against programming errors before any SQL runs. */
export function checkInsertInput(input: InsertMemberInput): void {
  const { tagHashes, duplicateThreshold } = input;
  if (!Number.isInteger(duplicateThreshold) || duplicateThreshold < 1) {
    throw new ArgumentError("duplicateThreshold must be a positive integer");
  }
  // No tags at all: a member the admin added directly (closed groups), never deduplicated.
  if (tagHashes.length > 0 && tagHashes.length < duplicateThreshold)
    throw new ArgumentError("fewer tags than duplicateThreshold");
  if (new Set(tagHashes).size !== tagHashes.length) throw new ArgumentError("tag hashes must be distinct");
  for (const h of tagHashes) {
    if (!/^[0-9a-f]{64}$/.test(h)) throw new ArgumentError("tag hashes must be 64 lowercase hex chars");
  }
}

/** Catch the cursor up on `pending` and check it now agrees with the stored current root. */
export function catchUp(
  tree: TreeCursor,
  pending: readonly MemberRecord[],
  current: RootRecord | undefined,
  size: number,
): void {
  if (tree.size() > size) throw new TreeDivergedError(`tree has ${tree.size()} leaves, storage ${size}`);
  if (pending.length !== size - tree.size()) throw new TreeDivergedError("members are not contiguous");
  if (pending.length > 0) tree.append(pending);
  if (current === undefined) {
    if (size !== 0) throw new TreeDivergedError("members stored without a current root");
    return;
  }
  if (current.size !== size)
    throw new TreeDivergedError(`current root is for size ${current.size}, storage has ${size}`);
  if (tree.root() !== current.root) throw new TreeDivergedError("caught-up root differs from stored root");
}
