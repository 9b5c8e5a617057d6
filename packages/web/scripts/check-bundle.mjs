// What may not reach a browser bundle: Node built-ins (fs, child_process, worker_threads, ...)
// and packages that only run in Node (native ML runtimes, databases, servers, our Node packages).
import { builtinModules } from "node:module";

const NODE_ONLY_PACKAGES = [
  "onnxruntime-node",
  "onnxruntime-common",
  "@tensorflow",
  "@vladmandic/face-api",
  "better-sqlite3",
  "pg",
  "express",
  "web-worker", // snarkjs' Node worker shim: the browser build must not need it
  "@zkpop/prover",
  "@zkpop/face",
  "@zkpop/lab",
  "@zkpop/image",
  "@zkpop/enroll-circuit",
  "@zkpop/zkml",
  "@zkpop/server",
];
// Dependency-free subpaths of Node packages made for browser bundles (@zkpop/prover/field).
const LIGHT_SUBPATHS = /packages\/prover\/(dist|src)\/field\.[jt]s$/;
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

const packageOf = (input) => {
  const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/);
  return m ? m[1] : null;
};

/**
 * Every Node-only thing in an esbuild metafile: inputs from Node-only packages, modules esbuild
 * disabled or left external because they are Node built-ins. Empty means browser-clean.
 */
export function nodeOnlyInputs(metafile) {
  const found = new Set();
  for (const [input, info] of Object.entries(metafile.inputs)) {
    const pkg = packageOf(input);
    if (input.startsWith("(disabled):")) found.add(input);
    else if (pkg && NODE_ONLY_PACKAGES.some((p) => pkg === p || pkg.startsWith(`${p}/`))) found.add(input);
    else if (
      /packages\/(prover|face|lab|image|enroll-circuit|zkml|server)\//.test(input) &&
      !LIGHT_SUBPATHS.test(input)
    )
      found.add(input);
    for (const imp of info.imports ?? []) if (BUILTINS.has(imp.path)) found.add(`${input} -> ${imp.path}`);
  }
  const nodeOnly = (p) => BUILTINS.has(p) || NODE_ONLY_PACKAGES.some((n) => p === n || p.startsWith(`${n}/`));
  for (const out of Object.values(metafile.outputs))
    for (const imp of out.imports ?? []) if (nodeOnly(imp.path)) found.add(`(external) ${imp.path}`);
  return [...found].sort();
}
