import path from "node:path";
import { ZkpopError } from "@zkpop/prover";
import { compileModel, formatInspect, inspectModel, type QuantOptions, setupModel } from "@zkpop/zkml";
import { parseCliArgs, str } from "./args.js";
import { COMMAND_HELP } from "./help.js";
import {
  calldataCommand,
  exportVerifierCommand,
  proveCommand,
  verifyCommand,
} from "./model-proof-command.js";
import { progressPrinter } from "./progress-printer.js";

const OPTIONS = {
  calibration: { type: "string" },
  out: { type: "string" },
  setup: { type: "boolean" },
  weights: { type: "string" },
  "input-visibility": { type: "string" },
  "output-visibility": { type: "string" },
  input: { type: "string" },
  opening: { type: "string" },
  model: { type: "string" },
  vkey: { type: "string" },
  solidity: { type: "string" },
  contract: { type: "string" },
  home: { type: "string" },
} as const;

export type ModelArgs = {
  [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]["type"] extends "boolean" ? boolean : string;
};

const usage = (sub: string) =>
  new ZkpopError("BAD_ARGUMENT", `usage: ${COMMAND_HELP[`model ${sub}`] ?? COMMAND_HELP.model}`);

/** --weights, --input-visibility, --output-visibility (values are checked by zkml: ZKML_OPTION). */
function visibility(v: ModelArgs): Pick<QuantOptions, "weights" | "input" | "output"> {
  return {
    weights: v.weights as QuantOptions["weights"],
    input: v["input-visibility"] as QuantOptions["input"],
    output: v["output-visibility"] as QuantOptions["output"],
  };
}

/**
 * `zkpop model inspect|compile|setup|prove|verify|export-verifier|calldata`: an ONNX model's
 * cost in a circuit, the compile, a development setup, proofs of inference and their checks.
 */
export async function modelCommand(args: string[]): Promise<void> {
  const { values, positionals } = parseCliArgs(args, OPTIONS, "model");
  const v = values as ModelArgs;
  const [sub, target] = positionals;
  if (!sub) throw usage("");
  if (!target) throw usage(sub);
  const home = str(v.home);
  switch (sub) {
    case "inspect":
      console.log(
        formatInspect(await inspectModel(target, { calibration: v.calibration, ...visibility(v) })),
      );
      return;
    case "compile": {
      if (!v.calibration)
        throw new ZkpopError(
          "BAD_ARGUMENT",
          "compile needs --calibration DIR (activation ranges come from it)",
        );
      const outDir = v.out ?? path.join(path.dirname(target), `${path.basename(target, ".onnx")}-circuit`);
      const { manifest, circuitPath, compiled } = await compileModel(target, {
        calibration: v.calibration,
        outDir,
        home,
        ...visibility(v),
      });
      console.log(`circuit source: ${circuitPath}`);
      console.log(`manifest: ${path.join(outDir, "manifest.json")} (model id ${manifest.id})`);
      console.log(
        `visibility: input ${manifest.visibility.input}, output ${manifest.visibility.output}, weights ${manifest.visibility.weights}`,
      );
      if (compiled) console.log(`compiled: ${compiled.info.nConstraints} constraints in ${compiled.dir}`);
      if (v.setup) await setupAndReport(outDir, home);
      return;
    }
    case "setup":
      return setupAndReport(target, home);
    case "prove":
      return proveCommand(target, v);
    case "verify":
      return verifyCommand(target, v);
    case "export-verifier":
      return exportVerifierCommand(target, v);
    case "calldata":
      return calldataCommand(target, v);
    default:
      throw new ZkpopError("BAD_ARGUMENT", `unknown model subcommand "${sub}"\n${COMMAND_HELP.model}`);
  }
}

async function setupAndReport(dir: string, home: string | undefined): Promise<void> {
  const { keysDir, manifest } = await setupModel(dir, { home, onProgress: progressPrinter() });
  console.log(`development setup (not for production): keys in ${keysDir}`);
  console.log(`verification key sha256 ${manifest.setup!.vkeySha256}`);
}
