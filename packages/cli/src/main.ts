#!/usr/bin/env node
import { parseArgs } from "node:util";
import { releaseSnarkjsCurves, ZkpopError } from "@zkpop/prover";
import { attesterCommand } from "./attester-command.js";
import { demoCommand } from "./demo-command.js";
import { evalCommand } from "./eval-command.js";
import { modelCommand } from "./model-command.js";
import { serveCommand } from "./serve-command.js";
import { setupCommand } from "./setup-command.js";

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
  zkpop serve [--config FILE]              the registry + verifier over HTTP (ZKPOP_* variables)
  zkpop attester keygen --out KEY          a capture station's signing key (file mode 600)
  zkpop attester sign --key KEY --image IMG --identity C --out FILE [--captured-at S]
                                           detect, align and sign a face crop for an identity
  zkpop attester verify --capture FILE     check a signed capture (pixels, hash, signature)
  zkpop eval --data DIR [--out DIR] [--folds 3] [--cv-subjects 1-30] [--subjects 21-30]
                                           performance card, cross-validated over subject folds
                                           (--subjects: one held-out set, with the seeded LSH grid)
  zkpop help

Artifacts live in ./.zkpop unless --home or ZKPOP_HOME says otherwise.
`;

function positiveInt(v: string | undefined, name: string, fallback: number, max: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new ZkpopError("BAD_ARGUMENT", `--${name} must be an integer in [1, ${max}]`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
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
      calibration: { type: "string" },
      setup: { type: "boolean" },
      weights: { type: "string" },
      data: { type: "string" },
      subjects: { type: "string" },
      folds: { type: "string" },
      "cv-subjects": { type: "string" },
    },
    strict: true,
    allowPositionals: true,
  });
  switch (command) {
    case "setup":
      return setupCommand({ depth: positiveInt(values.depth, "depth", 20, 32), home: values.home });
    case "demo":
      return demoCommand({
        people: positiveInt(values.people, "people", 3, 8),
        home: values.home,
      });
    case "model":
      return modelCommand(positionals[0], positionals[1], values);
    case "serve":
      return serveCommand({ config: values.config });
    case "attester":
      return attesterCommand(positionals[0], values);
    case "eval":
      return evalCommand(values, argv);
    case undefined:
    case "help":
    case "--help":
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
    console.error(e instanceof ZkpopError ? `error ${e.code}: ${e.message}` : e);
    process.exit(1);
  });
