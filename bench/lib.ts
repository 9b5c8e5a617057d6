/** Small helpers shared by the benchmarks: timing, medians, table and JSON output. */
export async function timeIt<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const wantsJson = process.argv.includes("--json");

export function printTable(title: string, rows: Array<Record<string, string | number>>): void {
  if (wantsJson) return;
  console.log(`\n${title}`);
  console.table(rows);
}

export const fmt = (x: number, digits = 1) => Number(x.toFixed(digits));
