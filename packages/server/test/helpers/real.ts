import type { MembershipVerifier } from "../../src/verifiers.js";
import { createMembershipVerifier } from "../../src/verify/membership.js";
import type { TestServer } from "./http.js";
import { commitments, DEPTH } from "./proofs.js";

/** The real micro-batched verifier, one verifier process (tests share 2 cores). */
export function realVerifier(
  o: { windowMs?: number; maxBatch?: number; processes?: number } = {},
): Promise<MembershipVerifier> {
  return createMembershipVerifier({
    depth: DEPTH,
    processes: o.processes ?? 1,
    windowMs: o.windowMs ?? 3,
    maxBatch: o.maxBatch ?? 64,
  });
}

/** Seeds an in-process server with the fixed test group (no tags: admin-style members). */
export async function seedGroup(s: TestServer): Promise<string> {
  for (const c of commitments) await s.context.group.insert(c, [], 3);
  return s.context.group.state().root!;
}
