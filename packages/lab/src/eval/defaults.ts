/**
 * Picks (L, k, m) from the grid with a stated rule: stop as many re-enrollments as possible while
 * refusing at most a given share of honest new people at a given gallery size.
 */

import { DEFAULT_LSH } from "@zkpop/enroll-circuit";
import { ArgumentError } from "@zkpop/errors";
import type { LshGrid, LshGridRow } from "./lsh-grid.js";

export interface DefaultsRule {
  /** Gallery size the false-refusal bound applies to. */
  gallery: number;
  /** Largest acceptable P(honest new person refused) at that gallery size. */
  maxFalseRefusal: number;
  /** Settings whose catch rate is within this of the best count as equal; the cheapest circuit wins. */
  tolerance: number;
}

export const DEFAULT_RULE: DefaultsRule = { gallery: 1e6, maxFalseRefusal: 0.01, tolerance: 0.005 };

export interface DefaultsChoice {
  rule: DefaultsRule;
  /** The recommended setting; null when no row of the grid meets the rule. */
  chosen: LshGridRow | null;
  /** Best m if the circuit keeps its current L and k (m alone is server config, no new key). */
  forCircuit: LshGridRow | null;
  circuit: { tables: number; bits: number };
  /** True when the chosen L or k differs from the circuit's: it would need a rebuilt circuit and key. */
  needsNewCircuit: boolean;
  /** Grid limits the chosen setting sits on: the optimum may lie beyond the grid. */
  onGridEdge: string[];
  /** The same rule at each gallery size of the grid: what a smaller or larger registry could afford. */
  perGallery: { gallery: number; chosen: LshGridRow | null }[];
}

export function falseRefusalAt(row: LshGridRow, gallery: number): number {
  const f = row.falseRefusal.find((x) => x.gallery === gallery);
  if (!f) throw new ArgumentError(`the grid has no gallery of ${gallery}`);
  return f.rate;
}

/** Highest analytic catch rate among feasible rows; near-ties go to fewer sign bits (L·k), then fewer tables. */
function best(rows: readonly LshGridRow[], rule: DefaultsRule): LshGridRow | null {
  const ok = rows.filter((r) => falseRefusalAt(r, rule.gallery) <= rule.maxFalseRefusal);
  if (ok.length === 0) return null;
  const top = Math.max(...ok.map((r) => r.genuine.analytic));
  const near = ok.filter((r) => r.genuine.analytic >= top - rule.tolerance);
  near.sort(
    (a, b) =>
      a.tables * a.bits - b.tables * b.bits || a.tables - b.tables || b.genuine.analytic - a.genuine.analytic,
  );
  return near[0]!;
}

function gridEdges(grid: LshGrid, r: LshGridRow): string[] {
  const out: string[] = [];
  const maxOf = (f: (x: LshGridRow) => number) => Math.max(...grid.rows.map(f));
  if (r.tables === maxOf((x) => x.tables)) out.push(`L = ${r.tables} is the largest L of the grid`);
  if (r.threshold === maxOf((x) => (x.tables === r.tables ? x.threshold : 0)))
    out.push(`m = ${r.threshold} is the largest m tried with L = ${r.tables}`);
  if (r.bits === maxOf((x) => x.bits)) out.push(`k = ${r.bits} is the largest k of the grid`);
  if (r.bits === Math.min(...grid.rows.map((x) => x.bits)))
    out.push(`k = ${r.bits} is the smallest k of the grid`);
  return out;
}

export function chooseDefaults(
  grid: LshGrid,
  rule: DefaultsRule = DEFAULT_RULE,
  circuit: { tables: number; bits: number } = DEFAULT_LSH,
): DefaultsChoice {
  const chosen = best(grid.rows, rule);
  const forCircuit = best(
    grid.rows.filter((r) => r.tables === circuit.tables && r.bits === circuit.bits),
    rule,
  );
  return {
    rule,
    chosen,
    forCircuit,
    circuit: { tables: circuit.tables, bits: circuit.bits },
    needsNewCircuit: chosen !== null && (chosen.tables !== circuit.tables || chosen.bits !== circuit.bits),
    onGridEdge: chosen ? gridEdges(grid, chosen) : [],
    perGallery: grid.galleries.map((gallery) => ({ gallery, chosen: best(grid.rows, { ...rule, gallery }) })),
  };
}
