import type { ProgressFn } from "@zkpop/prover";

// Building keys is long and gives keys no registry shares: say so before the first long step,
// never silently. Cached builds report nothing long, so they print nothing.

const LONG_STEP = /compiling with|writing a development powers of tau|Groth16 phase 2/;

/**
 * Wraps `onProgress`: on the first step that starts real work, it first reports what is about
 * to be built and how long it takes (to stderr when the caller listens to nothing).
 */
export function announceBuild(what: string, duration: string, onProgress?: ProgressFn): ProgressFn {
  let announced = false;
  return (p) => {
    if (!announced && p.message && LONG_STEP.test(p.message)) {
      announced = true;
      const message =
        `building ${what} on this machine (${duration}; cached after). ` +
        "A registry accepts only proofs made with its own keys: pass { registry: <URL> } to use them.";
      if (onProgress) onProgress({ stage: "build", message });
      else process.stderr.write(`zkpop: ${message}\n`);
    }
    onProgress?.(p);
  };
}
