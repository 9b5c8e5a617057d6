#!/usr/bin/env node
import { createRequire } from "node:module";
import { DEFAULT_DEPTH, membershipDepthSchema } from "@zkpop/core";
import { intFromText, intIn, parseOptions } from "@zkpop/errors";
import { describeEngine, releaseSnarkjsCurves, ZkpopError } from "@zkpop/prover";
import { parseCliArgs } from "./args.js";
import { helpFor, isHelpFlag } from "./help.js";

const HELP = `zkpop — proof of personhood

Usage:
  zkpop setup [--depth N] [--home DIR]     build circuits and keys (idempotent, cached)
  zkpop demo [--people N] [--home DIR]     the whole story over HTTP on embedded SQLite: N people
                                           enroll (2-8, default 3), a sybil is refused, a member
                                           signs up anonymously, a second signup is refused
  zkpop model inspect MODEL.onnx [--calibration DIR]
                                           per layer: op, MACs, activations, predicted constraints
  zkpop model compile MODEL.onnx --calibration DIR [--out DIR] [--weights hashed] [--setup]
                                           circom source + manifest, compiled (and set up)
  zkpop model prove MODEL_DIR --input X.json [--out PROOF.json]
                                           run the model and prove it: a self-describing bundle
  zkpop model verify PROOF.json (--model MODEL_DIR | --vkey FILE)
  zkpop model export-verifier MODEL_DIR --solidity OUT.sol
                                           an on-chain verifier (and \`model calldata\` for a proof)
  zkpop serve [--config FILE]              the registry + verifier over HTTP (ZKPOP_* variables)
  zkpop service list|add|revoke|key ...    relying services and API-key rotation on a running
                                           registry (zkpop service help)
  zkpop attester keygen --out KEY          a capture station's signing key (file mode 600)
  zkpop attester sign --key KEY --image IMG --identity C --out FILE [--captured-at S]
                                           detect, align and sign a face crop for an identity
  zkpop attester verify --capture FILE     check a signed capture (pixels, hash, signature)
  zkpop eval --data DIR [--out DIR] [--folds 3] [--cv-subjects 1-30] [--subjects 21-30]
                                           performance card, cross-validated over subject folds
                                           (--subjects: one held-out set, with the seeded LSH grid)
  zkpop --version | info                   version and proving engine (native C++ or snarkjs;
                                           ZKPOP_ENGINE=native|snarkjs forces one)
  zkpop help [COMMAND]                     also: zkpop COMMAND [SUBCOMMAND] --help

Artifacts live in ./.zkpop unless --home or ZKPOP_HOME says otherwise.
`;

/** The demo's people: 2 (one enrolls, one is refused) to 8 (the ORL subjects it uses). */
const DEMO_PEOPLE = { default: 3, schema: intIn(2, 8) };

/** An integer option checked with a library's schema (its bounds live there), or `fallback` when absent. */
function intOption<T>(
  v: string | undefined,
  name: string,
  schema: Parameters<typeof parseOptions<T>>[0],
  fallback: T,
): T {
  return v === undefined ? fallback : parseOptions(schema, intFromText(v), "BAD_ARGUMENT", `--${name}`);
}

// Commands are imported when run: `--help` and bad arguments answer without loading models or circuits.
async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === "help" || command === "--help" || command === "-h" || rest.some(isHelpFlag)) {
    const [cmd, sub] = command === "help" ? rest : [command, rest.find((a) => !a.startsWith("-"))];
    process.stdout.write(helpFor(cmd, sub) ?? HELP);
    return;
  }
  if (command === "--version" || command === "version" || command === "info") {
    const { version } = createRequire(import.meta.url)("../package.json") as { version: string };
    process.stdout.write(`zkpop ${version}\n${describeEngine()}\n`);
    return;
  }
  if (command === "model") return (await import("./model-command.js")).modelCommand(rest);
  const { values, positionals } = parseCliArgs(
    rest,
    {
      depth: { type: "string" },
      people: { type: "string" },
      home: { type: "string" },
      out: { type: "string" },
      key: { type: "string" },
      image: { type: "string" },
      identity: { type: "string" },
      "captured-at": { type: "string" },
      capture: { type: "string" },
      config: { type: "string" },
      data: { type: "string" },
      subjects: { type: "string" },
      url: { type: "string" },
      name: { type: "string" },
      after: { type: "string" },
      "retire-others-after": { type: "string" },
      folds: { type: "string" },
      "cv-subjects": { type: "string" },
    },
    command ?? "",
  );
  switch (command) {
    case "setup":
      return (await import("./setup-command.js")).setupCommand({
        depth: intOption(values.depth, "depth", membershipDepthSchema, DEFAULT_DEPTH),
        home: values.home,
      });
    case "demo":
      return (await import("./demo-command.js")).demoCommand({
        people: intOption(values.people, "people", DEMO_PEOPLE.schema, DEMO_PEOPLE.default),
        home: values.home,
      });
    case "serve":
      return (await import("./serve-command.js")).serveCommand({ config: values.config });
    case "service":
      return (await import("./service-command.js")).serviceCommand(positionals, values);
    case "attester":
      return (await import("./attester-command.js")).attesterCommand(positionals[0], values);
    case "eval":
      return (await import("./eval-command.js")).evalCommand(values, argv);
    case undefined:
      process.stdout.write(HELP);
      return;
    default:
      throw new ZkpopError("BAD_ARGUMENT", `unknown command "${command}"\n\n${HELP}`);
  }
}

main(process.argv.slice(2))
  .then(releaseSnarkjsCurves)
  .catch(async (e) => {
    await releaseSnarkjsCurves();
    // typed errors are the CLI's answers; anything else still gets one line (stack with ZKPOP_DEBUG=1)
    if (e instanceof ZkpopError) console.error(`error ${e.code}: ${e.message}`);
    else console.error(process.env.ZKPOP_DEBUG ? e : `error: ${(e as Error)?.message ?? e}`);
    process.exit(1);
  });
