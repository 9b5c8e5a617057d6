/**
 * The ORL face database (Olivetti Research Laboratory, Cambridge; Samaria & Harter 1994):
 * directories sN holding 1.pgm..10.pgm, 92x112 grey. Credit the laboratory wherever it is used.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { ArgumentError } from "@zkpop/errors";

export const ORL_CREDIT =
  "ORL face database, Olivetti Research Laboratory (now AT&T Laboratories Cambridge), Samaria & Harter 1994";

export interface OrlImage {
  subject: number;
  image: number;
  /** Identity label, "s<subject>". */
  label: string;
  /** Path relative to the dataset root, e.g. "s3/7.pgm". */
  source: string;
}

/** Parses "21-30", "1-20,25" or "7" into a sorted list of subject numbers. */
export function parseSubjects(spec: string): number[] {
  const out = new Set<number>();
  for (const part of spec.split(",")) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(part);
    if (!m) throw new ArgumentError(`bad subject range "${part}" (expected e.g. 1-30 or 1-20,25)`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    for (let s = Math.min(a, b); s <= Math.max(a, b); s++) out.add(s);
  }
  return [...out].sort((x, y) => x - y);
}

/** The images of the requested subjects that exist under `root`, in subject then image order. */
export function listOrlImages(root: string, subjects: readonly number[]): OrlImage[] {
  const out: OrlImage[] = [];
  for (const subject of subjects) {
    const dir = path.join(root, `s${subject}`);
    if (!existsSync(dir)) continue;
    const images = readdirSync(dir)
      .map((f) => /^(\d+)\.pgm$/.exec(f))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((x, y) => x - y);
    for (const image of images)
      out.push({ subject, image, label: `s${subject}`, source: `s${subject}/${image}.pgm` });
  }
  return out;
}
