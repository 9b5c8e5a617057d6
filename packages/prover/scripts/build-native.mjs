// Builds the optional native addon (native/) with node-gyp and the system C++ compiler.
// Never fails the build: without a compiler (or on any error) it records why in
// native/build/skip-reason.txt and @zkpop/prover falls back to snarkjs, saying so once.
// ZKPOP_SKIP_NATIVE=1 skips the build on purpose.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const nativeDir = join(dirname(fileURLToPath(import.meta.url)), "..", "native");
const buildDir = join(nativeDir, "build");
const reasonFile = join(buildDir, "skip-reason.txt");

function skip(reason) {
  mkdirSync(buildDir, { recursive: true });
  writeFileSync(reasonFile, `${reason}\n`);
  console.warn(`@zkpop/prover: native addon not built (${reason}); proofs will use snarkjs`);
  process.exit(0);
}

if (process.env.ZKPOP_SKIP_NATIVE === "1") skip("ZKPOP_SKIP_NATIVE=1");
if (process.platform === "win32") skip("native build not supported on Windows");
const cxx = process.env.CXX ?? "g++";
if (spawnSync(cxx, ["--version"], { stdio: "ignore" }).status !== 0) skip(`no C++ compiler (${cxx})`);

let nodeGyp;
try {
  nodeGyp = createRequire(import.meta.url).resolve("node-gyp/bin/node-gyp.js");
} catch {
  skip("node-gyp is not installed");
}

// Use the headers of the running Node when they are installed (nothing is downloaded);
// node-gyp's own header cache otherwise.
const prefix = dirname(dirname(process.execPath));
const args = [nodeGyp, "rebuild", "--directory", nativeDir, "--loglevel=warn", `--jobs=2`];
if (existsSync(join(prefix, "include", "node", "node_api.h"))) args.push(`--nodedir=${prefix}`);

rmSync(reasonFile, { force: true });
const started = Date.now();
const res = spawnSync(process.execPath, args, { stdio: ["ignore", "inherit", "pipe"], encoding: "utf8" });
if (res.status !== 0) {
  const lines = (res.stderr ?? "")
    .trim()
    .split("\n")
    .filter((l) => /error/i.test(l));
  skip(`node-gyp failed: ${lines.slice(0, 3).join(" | ") || `exit ${res.status}`}`);
}
console.log(`@zkpop/prover: native addon built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
