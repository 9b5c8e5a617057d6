import path from "node:path";
import { setupDevelopment, ZkpopError } from "@zkpop/prover";
import { compileModel, formatInspect, inspectModel } from "@zkpop/zkml";
import { progressPrinter } from "./progress-printer.js";

const USAGE =
  "usage: zkpop model inspect MODEL.onnx [--calibration DIR] [--weights hashed]" +
  " | compile MODEL.onnx --calibration DIR [--out DIR] [--weights hashed] [--setup]";

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
  if (!file || !["inspect", "compile"].includes(sub ?? "")) throw new ZkpopError("BAD_ARGUMENT", USAGE);
  const calibration = typeof v.calibration === "string" ? v.calibration : undefined;
  if (v.weights !== undefined && v.weights !== "constant" && v.weights !== "hashed") {
    throw new ZkpopError("BAD_ARGUMENT", "--weights must be constant (default) or hashed");
  }
  const weights = v.weights as "constant" | "hashed" | undefined;
  if (sub === "inspect") {
    console.log(formatInspect(await inspectModel(file, { calibration, weights })));
    return;
  }
  if (!calibration) {
    throw new ZkpopError("BAD_ARGUMENT", "compile needs --calibration DIR (activation ranges come from it)");
  }
  const outDir =
    typeof v.out === "string"
      ? v.out
      : path.join(path.dirname(file), `${path.basename(file, ".onnx")}-circuit`);
  const { manifest, circuitPath, compiled } = await compileModel(file, { calibration, outDir, weights });
  console.log(`circuit source: ${circuitPath}`);
  console.log(`manifest: ${path.join(outDir, "manifest.json")} (model sha256 ${manifest.model.sha256})`);
  if (compiled) console.log(`compiled: ${compiled.info.nConstraints} constraints in ${compiled.dir}`);
  if (v.setup && compiled) {
    const setup = await setupDevelopment(compiled, { onProgress: progressPrinter() });
    console.log(`development setup (not for production): ${setup.dir}`);
  }
}
