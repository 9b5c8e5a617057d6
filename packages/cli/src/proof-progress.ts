/**
 * A progress bar for one proof: the prover reports stages (queued, witness, prove, done), not
 * fractions, so the bar runs against the model's predicted proof time and stops at "done". On a
 * terminal it redraws one line; in a log it prints each stage once.
 */
export function proofProgress(predictedSeconds: number, out: NodeJS.WriteStream = process.stderr) {
  const started = Date.now();
  let stage = "queued";
  const secs = () => (Date.now() - started) / 1000;
  const draw = () => {
    const frac = Math.min(0.99, secs() / Math.max(predictedSeconds, 0.1));
    const width = 24;
    const fill = Math.round(frac * width);
    out.write(
      `\r  ${stage.padEnd(7)} [${"#".repeat(fill)}${".".repeat(width - fill)}] ${secs().toFixed(1)} s (predicted ~${predictedSeconds.toFixed(1)} s)`,
    );
  };
  const timer = out.isTTY ? setInterval(draw, 200) : undefined;
  return {
    onProgress: (s: "queued" | "witness" | "prove" | "done") => {
      stage = s;
      if (timer) draw();
      else out.write(`  ${secs().toFixed(1).padStart(6)} s  ${s}\n`);
    },
    stop: () => {
      if (!timer) return;
      clearInterval(timer);
      draw();
      out.write("\n");
    },
  };
}
