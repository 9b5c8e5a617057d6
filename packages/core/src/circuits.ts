import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import {
  artifactsHome,
  circomlibCircuits,
  compileCircuit,
  type ProgressFn,
  setupDevelopment,
} from "@zkpop/prover";
import { checkDepth, DEFAULT_DEPTH } from "./membership-depth.js";

const require = createRequire(import.meta.url);
const pkgDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));

/** Include folders of the upstream Semaphore v4 circuit and its libraries. */
function semaphoreIncludes(): string[] {
  return [
    path.join(pkgDir("@semaphore-protocol/circuits"), "src"),
    circomlibCircuits(),
    path.join(pkgDir("@zk-kit/binary-merkle-root.circom"), "src"),
  ];
}

/** Writes atomically and only when the content differs: other processes may be hashing the file. */
async function writeIfChanged(file: string, content: string): Promise<void> {
  if (existsSync(file) && (await readFile(file, "utf8")) === content) return;
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, content);
  await rename(tmp, file);
}

/**
 * Compiles the unchanged upstream Semaphore circuit for `depth` with circom2 and runs the
 * development setup; both are cached, so this is instant once done. Returns the artifact folder.
 */
export async function buildMembershipArtifacts(
  opts: { depth?: number; home?: string; onProgress?: ProgressFn } = {},
) {
  const depth = checkDepth(opts.depth ?? DEFAULT_DEPTH);
  const srcDir = path.join(artifactsHome(opts.home), "sources");
  await mkdir(srcDir, { recursive: true });
  const main = path.join(srcDir, `semaphore-${depth}.circom`);
  await writeIfChanged(
    main,
    `pragma circom 2.1.5;\ninclude "semaphore.circom";\ncomponent main {public [message, scope]} = Semaphore(${depth});\n`,
  );
  const compiled = await compileCircuit({
    source: main,
    name: `semaphore-${depth}`,
    includePaths: semaphoreIncludes(),
    home: opts.home,
    onProgress: opts.onProgress,
  });
  const setup = await setupDevelopment(compiled, { home: opts.home, onProgress: opts.onProgress });
  return { depth, compiled, ...setup };
}
