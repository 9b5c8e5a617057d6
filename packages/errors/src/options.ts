import { z } from "zod";
import type { ErrorCode } from "./codes.js";
import { ZkpopError } from "./error.js";

// Options are checked once, by zod schemas that live beside their defaults; the libraries, the
// CLI and the server's config all parse with the same schema, so a bound is written once and a
// bad value is the same typed error wherever it comes from.

/** An integer in [min, max], with one message for every way a value can miss ("must be an integer in [1, 32]"). */
export function intIn(min: number, max: number) {
  const error = `must be an integer in [${min}, ${max}]`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

/** One of `values`, with the message "must be a | b | c". */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be ${values.join(" | ")}` });
}

/**
 * Parses `input` with `schema`, or throws ZkpopError(`code`) whose message names the option
 * (`label`, then the path inside it) and what it must be, never echoing a value.
 */
export function parseOptions<T>(schema: z.ZodType<T>, input: unknown, code: ErrorCode, label: string): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => {
    const where = [label, ...i.path.map(String)].filter((s) => s !== "").join(".");
    return `${where} ${i.message}`;
  });
  throw new ZkpopError(code, problems.join("; "));
}

/**
 * An integer given as text (a command-line argument, an environment variable): plain decimal
 * digits become a number for the schema; anything else ("0x10", "", "1e3", "1.5") stays a
 * string, which a number schema refuses with its own message.
 */
export function intFromText(value: string): number | string {
  return /^-?(0|[1-9][0-9]{0,15})$/.test(value) ? Number(value) : value;
}
