/**
 * @zkpop/core/browser: the part of core a web page can bundle (no Node built-in, no prover):
 * scope hashing exactly as the membership circuit's verifier expects it, and the proof wire types.
 */
export type { EnrollmentProof } from "./enrollment/format.js";
export type { MembershipProof } from "./proof-format.js";
export { parseScope, ScopeError, scopeOf, scopeToField, semaphoreHash } from "./scope.js";
