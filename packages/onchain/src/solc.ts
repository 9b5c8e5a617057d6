import solc from "solc";
import { SolidityCompileError } from "./errors.js";

export interface CompiledContract {
  abi: unknown[];
  /** Creation bytecode. */
  bytecode: Uint8Array;
  /** Function signature -> 4-byte selector (hex), from solc. */
  methodIdentifiers: Record<string, string>;
}

/** The solc-js (wasm, no download) version compiling here. */
export const solcVersion = (): string => solc.version();

/**
 * Compiles Solidity sources (file name -> source) with solc-js, optimiser on (200 runs), and
 * returns every contract by name. Warnings are ignored; any error throws SolidityCompileError.
 */
export function compileSolidity(sources: Record<string, string>): Record<string, CompiledContract> {
  const input = {
    language: "Solidity",
    sources: Object.fromEntries(Object.entries(sources).map(([f, content]) => [f, { content }])),
    settings: {
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.methodIdentifiers"] } },
    },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input))) as {
    errors?: Array<{ severity: string; formattedMessage: string }>;
    contracts?: Record<
      string,
      Record<
        string,
        { abi: unknown[]; evm: { bytecode: { object: string }; methodIdentifiers: Record<string, string> } }
      >
    >;
  };
  const errors = (out.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length) throw new SolidityCompileError(errors.map((e) => e.formattedMessage).join("\n"));
  const result: Record<string, CompiledContract> = {};
  for (const file of Object.values(out.contracts ?? {}))
    for (const [name, c] of Object.entries(file))
      result[name] = {
        abi: c.abi,
        bytecode: Uint8Array.from(Buffer.from(c.evm.bytecode.object, "hex")),
        methodIdentifiers: c.evm.methodIdentifiers,
      };
  return result;
}
