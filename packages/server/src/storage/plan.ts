// Storage operations written once, as generators that yield SQL steps and receive their
// results. SQLite runs a plan synchronously inside one better-sqlite3 transaction (nothing
// else can run on the connection meanwhile); Postgres runs it step by step on one client
// inside BEGIN/COMMIT. Only the few statements whose SQL differs are named steps.
import type { Row } from "./sql.js";

export type Step =
  | { sql: string; params: readonly unknown[] }
  /** Largest number of these tag hashes one stored member holds (json_each vs ANY). */
  | { overlap: readonly string[] }
  /** Insert a member's tag hashes, position = array index (loop vs unnest). */
  | { insertTags: { idx: number; tagHashes: readonly string[] } }
  /** Serialise with every other writer holding this lock (Postgres advisory lock; SQLite's
   * BEGIN IMMEDIATE already serialises writers). */
  | { lock: "migrations" | "group" };

export interface StepResult {
  rows: Row[];
  /** Rows inserted / updated / deleted by the statement. */
  changes: number;
}

export type Plan<T> = Generator<Step, T, StepResult>;

/** One SQL statement as a step. */
export const q = (sql: string, ...params: unknown[]): Step => ({ sql, params });

export function runSync<T>(plan: Plan<T>, step: (s: Step) => StepResult): T {
  let r = plan.next();
  while (!r.done) r = plan.next(step(r.value));
  return r.value;
}

export async function runAsync<T>(plan: Plan<T>, step: (s: Step) => Promise<StepResult>): Promise<T> {
  let r = plan.next();
  while (!r.done) r = plan.next(await step(r.value));
  return r.value;
}
