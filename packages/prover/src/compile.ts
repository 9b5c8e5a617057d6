import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { CompileError } from "./errors.js";
import { sha256File, sha256Hex } from "./hash.js";
import { artifactsHome } from "./home.js";
import { collectSources } from "./includes.js";
import type { ProgressFn } from "./progress.js";
import { type R1csInfo, readR1csInfo } from "./r1cs.js";

const require = createRequire(import.meta.url);
const CIRCOM_CLI = require.resolve("circom2/cli.js");
const CIRCOM_VERSION = `circom2@${(require("circom2/package.json") as { version: string }).version}`;

export interface CompileOptions {
  /** Path of the main `.circom` file (it must declare `component main`). */
  source: string;
  /** A short name for the cache folder and logs; defaults to the file name. */
  name?: string;
  /** Library folders searched for includes (circom `-l`); `node_modules/circomlib/circuits` is typical. */
  includePaths?: string[];
  /** circom optimisation level: 1 keeps linear constraints, 2 (default) substitutes them away. */
  optimization?: 0 | 1 | 2;
  /** Artifact cache root; defaults to `artifactsHome()`. */
  home?: string;
  onProgress?: ProgressFn;
}

export interface CompiledCircuit {
  name: string;
  dir: string;
  r1csPath: string;
  wasmPath: string;
  symPath: string;
  /** SHA-256 over the compiler version, options and every source file: the cache key. */
  sourceHash: string;
  r1csHash: string;
  info: R1csInfo;
  compiler: string;
  optimization: number;
  /** True when the artifacts came from the cache. */
  cached: boolean;
}

interface CompileRecord {
  name: string;
  sourceHash: string;
  r1csHash: string;
  compiler: string;
  optimization: number;
  sources: string[];
}

function commonAncestor(paths: string[]): string {
  const split = paths.map((p) => path.resolve(p).split(path.sep));
  const first = split[0]!;
  let i = 0;
  while (i < first.length && split.every((s) => s[i] === first[i])) i++;
  return first.slice(0, i).join(path.sep) || path.sep;
}

/**
 * The sources keyed by where they are relative to the main file's folder or to the include path
 * that holds them, so the cache key is the same in every checkout, install and ZKPOP_HOME.
 */
function portableSources(sources: Map<string, string>, main: string, libs: readonly string[]): string[][] {
  const roots = [path.dirname(main), ...libs];
  return [...sources.entries()]
    .map(([file, text]) => {
      const i = roots.findIndex((r) => file.startsWith(r + path.sep));
      const where =
        i < 0 ? path.basename(file) : `${i}:${path.relative(roots[i]!, file).split(path.sep).join("/")}`;
      return [where, text];
    })
    .sort(([a], [b]) => a!.localeCompare(b!));
}

/** circom colours its output; logs and errors read better without the escape codes. */
function stripAnsi(s: string): string {
  return s.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "");
}

function runCircom(args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CIRCOM_CLI, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      // circom2 prints errors but can exit 0; success is the "Everything went okay" line.
      if (code === 0 && /Everything went okay/.test(out)) resolve(out);
      else reject(new CompileError(`circom failed (exit ${code}):\n${stripAnsi(out).trim()}`));
    });
  });
}

/**
 * Compiles a circom circuit to R1CS + witness wasm + symbols, cached by content hash:
 * an unchanged circuit (same sources, includes, compiler and options) is never compiled twice.
 * Output lands in a temporary folder renamed into place, so a crash never leaves a half cache
 * and concurrent compiles of one circuit are harmless.
 */
export async function compileCircuit(opts: CompileOptions): Promise<CompiledCircuit> {
  const source = path.resolve(opts.source);
  const name = opts.name ?? path.basename(source, ".circom");
  const libs = (opts.includePaths ?? []).map((p) => path.resolve(p));
  const optimization = opts.optimization ?? 2;
  const sources = await collectSources(source, libs);
  const sourceHash = sha256Hex(
    JSON.stringify({ compiler: CIRCOM_VERSION, optimization, files: portableSources(sources, source, libs) }),
  );
  const dir = path.join(artifactsHome(opts.home), "circuits", `${name}-${sourceHash.slice(0, 16)}`);
  const base = path.basename(source, ".circom");
  const paths = {
    r1csPath: path.join(dir, `${base}.r1cs`),
    wasmPath: path.join(dir, `${base}_js`, `${base}.wasm`),
    symPath: path.join(dir, `${base}.sym`),
  };
  const recordPath = path.join(dir, "compile.json");

  // What the cache folder holds, as the caller sees it.
  const describe = async (cached: boolean): Promise<CompiledCircuit> => {
    const record = JSON.parse(await readFile(recordPath, "utf8")) as CompileRecord;
    const info = await readR1csInfo(paths.r1csPath);
    const note = cached ? "cached" : `${info.nConstraints} constraints`;
    opts.onProgress?.({ stage: "compile", message: `${name}: ${note}` });
    const { r1csHash } = record;
    return {
      name,
      dir,
      ...paths,
      sourceHash,
      r1csHash,
      info,
      compiler: CIRCOM_VERSION,
      optimization,
      cached,
    };
  };
  if (existsSync(recordPath)) return describe(true);

  opts.onProgress?.({
    stage: "compile",
    message: `${name}: compiling with ${CIRCOM_VERSION} --O${optimization}`,
  });
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(tmp, { recursive: true });
  try {
    const cwd = commonAncestor([source, tmp, ...libs]);
    const args = [
      source,
      "--r1cs",
      "--wasm",
      "--sym",
      `--O${optimization}`,
      "-o",
      tmp,
      ...libs.flatMap((l) => ["-l", l]),
    ];
    await runCircom(args, cwd);
    const r1csHash = await sha256File(path.join(tmp, `${base}.r1cs`));
    const record: CompileRecord = {
      name,
      sourceHash,
      r1csHash,
      compiler: CIRCOM_VERSION,
      optimization,
      sources: [...sources.keys()],
    };
    await writeFile(path.join(tmp, "compile.json"), JSON.stringify(record, null, 2));
    try {
      await rename(tmp, dir);
    } catch (e) {
      if (!existsSync(recordPath)) throw e; // someone else finished first: keep theirs
      await rm(tmp, { recursive: true, force: true });
    }
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  return describe(false);
}
