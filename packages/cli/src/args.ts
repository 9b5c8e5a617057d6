import { type ParseArgsConfig, parseArgs } from "node:util";
import { ZkpopError } from "@zkpop/prover";

type Options = NonNullable<ParseArgsConfig["options"]>;
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: true }>
>;

/** node's parseArgs (strict), with an unknown or malformed option as a BAD_ARGUMENT error, not a stack trace. */
export function parseCliArgs<O extends Options>(args: string[], options: O, command: string): Parsed<O> {
  try {
    return parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: true }>({
      args,
      options,
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    const code = (e as { code?: string }).code ?? "";
    if (!code.startsWith("ERR_PARSE_ARGS")) throw e;
    throw new ZkpopError("BAD_ARGUMENT", `${(e as Error).message} (see zkpop ${command} --help)`);
  }
}

/** A string option out of parseArgs' values. */
export const str = (v: string | boolean | undefined): string | undefined =>
  typeof v === "string" ? v : undefined;
