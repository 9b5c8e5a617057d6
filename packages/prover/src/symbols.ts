import { readFile } from "node:fs/promises";

/**
 * Wire index of every named signal, from circom's .sym file (`label,wire,component,name` per
 * line; wire -1 marks signals optimised away). Names drop the `main.` prefix. Soundness tests use
 * it to tamper with one specific wire of a witness.
 */
export async function readSymbols(symPath: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const line of (await readFile(symPath, "utf8")).split("\n")) {
    const [, wire, , name] = line.split(",");
    if (name && Number(wire) >= 0) out.set(name.replace(/^main\./, ""), Number(wire));
  }
  return out;
}
