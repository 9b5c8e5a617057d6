import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { CompileError } from "./errors.js";

const INCLUDE = /^\s*include\s+"([^"]+)"\s*;/gm;

function stripComments(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
}

/** Resolves an include as circom does: next to the including file first, then each library path. */
function resolveInclude(name: string, fromDir: string, libs: readonly string[]): string | undefined {
  for (const dir of [fromDir, ...libs]) {
    const candidate = path.resolve(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Every file a circuit is made of (the main source and its transitive includes), sorted, with contents. */
export async function collectSources(main: string, libs: readonly string[]): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const queue = [path.resolve(main)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    let src: string;
    try {
      src = await readFile(file, "utf8");
    } catch {
      throw new CompileError(`circuit source not found: ${file}`);
    }
    files.set(file, src);
    for (const m of stripComments(src).matchAll(INCLUDE)) {
      const resolved = resolveInclude(m[1]!, path.dirname(file), libs);
      if (!resolved)
        throw new CompileError(`${file}: include "${m[1]}" not found in its folder or in ${libs.join(", ")}`);
      queue.push(resolved);
    }
  }
  return new Map([...files.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
