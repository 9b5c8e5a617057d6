import path from "node:path";
import { setupDevelopment, ZkpopError } from "@zkpop/prover";
import { compileModel, formatInspect, inspectModel } from "@zkpop/zkml";
import { progressPrinter } from "./progress-printer.js";

/**
 * `zkpop model inspect|compile`: what an ONNX model costs in a circuit before compiling it, and
 * the compile itself (circom source, quantised program, manifest, then circom and optionally a
 * development setup). Calibration: a folder of .json arrays or raw float32 .f32 files.
 */
export async function modelCommand(
  sub: string | undefined,
  file: string | undefined,
  v: Record<string, string | boolean | undefined>,
) {
  if (!file || !["inspect", "compile"].includes(sub ?? "")) {
    throw new ZkpopError(
      "BAD_ARGUMENT",
      "usage: zkpop model inspect MODEL.onnx [--calibration DIR] | compile MODEL.onnx --calibration DIR [--out DIR] [--setup]",
    );
  }
  const calibration = typeof v.calibration === "string" ? v.calibration : undefined;
  if (sub === "inspect") {
    console.log(formatInspect(await inspectModel(file, { calibration })));
    return;
  }
  if (!calibration)
    throw new ZkpopError("BAD_ARGUMENT", "compile needs --calibration DIR (activation ranges come from it)");
  const outDir =
    typeof v.out === "string"
      ? v.out
      : path.join(path.dirname(file), `${path.basename(file, ".onnx")}-circuit`);
  const onProgress = progressPrinter();
  const { manifest, circuitPath, compiled } = await compileModel(file, { calibration, outDir });
  console.log(`circuit source: ${circuitPath}`);
  console.log(`manifest: ${path.join(outDir, "manifest.json")} (model sha256 ${manifest.model.sha256})`);
  if (compiled) console.log(`compiled: ${compiled.info.nConstraints} constraints in ${compiled.dir}`);
  if (v.setup && compiled) {
    const setup = await setupDevelopment(compiled, { onProgress });
    console.log(`development setup (not for production): ${setup.dir}`);
  }
}
