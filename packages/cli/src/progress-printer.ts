import type { Progress } from "@zkpop/prover";

/** Prints long-running work as timestamped lines; counters only every 10 %, so logs stay short. */
export function progressPrinter(out: NodeJS.WritableStream = process.stderr): (p: Progress) => void {
  const started = Date.now();
  let lastPct = -1;
  return (p) => {
    const t = `${((Date.now() - started) / 1000).toFixed(1)}s`.padStart(7);
    if (p.total) {
      const pct = Math.floor(((p.done ?? 0) * 100) / p.total / 10) * 10;
      if (pct === lastPct) return;
      lastPct = pct;
      out.write(`${t}  ${p.stage}: ${pct}% (${p.done}/${p.total})\n`);
      return;
    }
    lastPct = -1;
    if (p.message) out.write(`${t}  ${p.stage}: ${p.message}\n`);
  };
}
