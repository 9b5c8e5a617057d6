import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

/** The Chromium the browser tests and `bench:browser` drive (Debian's; `scripts/ensure-chromium.sh` installs it). */
export function chromiumPath(): string {
  const candidates = [process.env.ZKPOP_CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  const found = candidates.find((c): c is string => !!c && existsSync(c));
  if (!found)
    throw new Error(
      "no Chromium found: run `bash scripts/ensure-chromium.sh` (installs Debian's chromium) or set ZKPOP_CHROMIUM",
    );
  return found;
}

// Flags that work in a root container without a GPU or network beyond loopback: no sandbox (root),
// no QUIC or background traffic (nothing but the servers under test is reached).
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Profile {
  context: BrowserContext;
  /** The profile folder: a second launch on it is a returning visitor (same Cache Storage). */
  dir: string;
  close(opts?: { keep?: boolean }): Promise<void>;
}

/** Headless Chromium on a fresh (or given) profile folder, as a person's browser would be. */
export async function launchChromium(dir?: string): Promise<Profile> {
  const profile = dir ?? mkdtempSync(path.join(os.tmpdir(), "zkpop-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    args: FLAGS,
    viewport: { width: 1000, height: 800 },
  });
  return {
    context,
    dir: profile,
    async close(opts = {}) {
      await context.close();
      if (!opts.keep) rmSync(profile, { recursive: true, force: true });
    },
  };
}
