import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { nodeOnlyInputs } from "../scripts/check-bundle.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const meta = JSON.parse(readFileSync(path.join(root, "dist/bundle/meta.json"), "utf8"));

describe("@zkpop/web browser bundle", () => {
  it("holds no Node-only module (esbuild's metafile of the build)", () => {
    const inputs = Object.keys(meta.inputs);
    // The check sees the real bundle: snarkjs' browser build and the worker are in it...
    expect(inputs.some((i) => i.endsWith("snarkjs/build/browser.esm.js"))).toBe(true);
    expect(inputs).toContain("src/worker.ts");
    // ...and nothing that needs Node.
    expect(nodeOnlyInputs(meta)).toEqual([]);
    // The signed-capture schema is zod/mini: classic zod and its 40 locales (444 KiB) stay out
    // of the page bundle (tree-shaken: inputs that contribute no byte do not count).
    const page = meta.outputs["dist/bundle/zkpop-web.js"].inputs as Record<string, { bytesInOutput: number }>;
    const zod = Object.entries(page).filter(([i, o]) => i.includes("/zod/") && o.bytesInOutput > 0);
    expect(zod.some(([i]) => i.includes("zod/v4/mini/"))).toBe(true);
    expect(zod.filter(([i]) => /zod\/v4\/(classic|locales\/(?!en\.js))/.test(i))).toEqual([]);
    expect(zod.reduce((sum, [, o]) => sum + o.bytesInOutput, 0)).toBeLessThan(32 * 1024);
    const sizes = JSON.parse(readFileSync(path.join(root, "dist/bundle/sizes.json"), "utf8"));
    for (const s of sizes) console.log(`${s.file}: ${s.bytes} bytes, ${s.gzipBytes} gzipped`);
  });

  it("the check catches Node built-ins and Node-only packages", async () => {
    const r = await build({
      stdin: {
        contents: `import "node:fs"; import "child_process"; import "onnxruntime-node"; import { Prover } from "@zkpop/prover"; console.log(Prover);`,
        resolveDir: root,
      },
      bundle: true,
      write: false,
      platform: "browser",
      format: "esm",
      metafile: true,
      logLevel: "silent",
      external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`), "onnxruntime-node"],
    });
    const found = nodeOnlyInputs(r.metafile);
    expect(found).toContain("(external) node:fs");
    expect(found).toContain("(external) child_process");
    expect(found).toContain("(external) onnxruntime-node");
    expect(found.some((f) => f.includes("packages/prover/"))).toBe(true);
  });
});
