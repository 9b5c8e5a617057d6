// Bundles the browser entry (the page's API) and the proving worker with esbuild for the
// browser platform, refuses any Node-only module in them (check-bundle.mjs), writes esbuild's
// metafile beside them (a test checks it too) and prints each bundle's size, raw and gzipped.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { nodeOnlyInputs } from "./check-bundle.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outdir = path.join(root, "dist/bundle");
const require = createRequire(path.join(root, "package.json"));
await mkdir(outdir, { recursive: true });

// The Semaphore and zk-kit libraries each carry their own copy of the same `buffer` polyfill
// (6.0.3, four copies, 100 KB): resolve them all to ours.
const oneBuffer = {
  name: "one-buffer",
  setup(b) {
    b.onResolve({ filter: /^buffer\/?$/ }, () => ({ path: require.resolve("buffer/") }));
  },
};

const result = await build({
  entryPoints: {
    "zkpop-web": path.join(root, "src/index.ts"),
    "zkpop-worker": path.join(root, "src/worker.ts"),
  },
  outdir,
  absWorkingDir: root,
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  sourcemap: "linked",
  metafile: true,
  logLevel: "warning",
  legalComments: "external",
  plugins: [oneBuffer],
});
await writeFile(path.join(outdir, "meta.json"), JSON.stringify(result.metafile));
const bad = nodeOnlyInputs(result.metafile);
if (bad.length > 0) {
  console.error(`@zkpop/web: Node-only modules reached the browser bundle:\n  ${bad.join("\n  ")}`);
  process.exit(1);
}

const sizes = [];
for (const [file, o] of Object.entries(result.metafile.outputs)) {
  if (!file.endsWith(".js")) continue;
  const gzipBytes = gzipSync(await readFile(path.join(root, file))).length;
  sizes.push({ file: path.basename(file), bytes: o.bytes, gzipBytes });
  console.log(
    `@zkpop/web bundle ${path.basename(file)}: ${(o.bytes / 1024).toFixed(1)} KiB (${(gzipBytes / 1024).toFixed(1)} KiB gzipped)`,
  );
}
await writeFile(path.join(outdir, "sizes.json"), `${JSON.stringify(sizes, null, 2)}\n`);
