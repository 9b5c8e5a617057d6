import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { type Attestation, attestationInput } from "@zkpop/attestation";
import { enrollCircuitsDir } from "@zkpop/circuits";
import { parseOptions, ZkpopError } from "@zkpop/errors";
import {
  artifactsHome,
  type CompiledCircuit,
  circomlibCircuits,
  compileCircuit,
  type ProgressFn,
  sha256Hex,
} from "@zkpop/prover";
import {
  emitCircom,
  type Program,
  programToJson,
  type QuantOptions,
  quantizeModel,
  resolveQuantOptions,
} from "@zkpop/zkml";
import { z } from "zod";
import {
  checkLshParams,
  type LshParams,
  lshCircom,
  lshHyperplanes,
  lshProbeCircom,
  tagDomain,
} from "./lsh.js";

export interface EnrollCircuitOptions {
  /** The student face model (ONNX): input [1, 1, S, S] of pixel bytes, output [1, dim]. */
  model: string | Uint8Array;
  /** Calibration crops (pixel bytes as numbers), for activation ranges. */
  calibration: number[][];
  /** Quantisation (zkml's defaults where unset); part of the quantisation hash the manifest binds. */
  quant?: QuantOptions;
  lsh: LshParams;
  /**
   * Least-confident multi-probe (issue 12, not the default): 1 adds per table the tag of the
   * bucket with its least-confident bit flipped (public `probes[L]` after `tags[L]`), chosen and
   * checked in the circuit. Part of the tag domain, so its tags never match a plain circuit's.
   */
  probe?: 0 | 1;
  home?: string;
  onProgress?: ProgressFn;
}

/** The model and calibration of EnrollCircuitOptions (quant and lsh have their own schemas). */
export const enrollCircuitInputsSchema = z.object({
  model: z.union([z.string().min(1), z.instanceof(Uint8Array)], {
    error: "must be an ONNX file path or its bytes",
  }),
  calibration: z
    .array(z.array(z.number({ error: "must hold pixel values" })), { error: "must be a list of crops" })
    .min(1, { error: "must hold at least one crop" }),
  home: z.string({ error: "must be a folder path" }).optional(),
});

/**
 * Checks every option before any work: LSH_PARAMS_INVALID for `lsh`, ZKML_OPTION for `quant`,
 * BAD_ARGUMENT for the model, calibration and home. The options are returned unchanged (quant's
 * defaults stay zkml's to fill, so the circuit and its id do not depend on how they were spelled).
 */
export function checkEnrollCircuitOptions(opts: EnrollCircuitOptions): EnrollCircuitOptions {
  parseOptions(enrollCircuitInputsSchema, opts, "BAD_ARGUMENT", "");
  checkLshParams(opts.lsh);
  resolveQuantOptions(opts.quant);
  return opts;
}

export interface EnrollCircuit {
  compiled: CompiledCircuit;
  program: Program;
  /** SHA-256 of the ONNX file. */
  modelSha256: string;
  /** SHA-256 of the quantised integer program (scales, rounding, bounds): what the circuit computes. */
  quantisationSha256: string;
  planes: number[][];
  domain: bigint;
  lsh: LshParams;
  /** Least-confident bits flipped per table (0: tags only; 1: tags and probes). */
  probe: 0 | 1;
  pixels: number;
  /** Constraints of the model part alone (zkml's cost model, exact for its emitted circuit). */
  modelConstraints: number;
}

/** Largest |value| any model output can take (from the program's interval bounds). */
export function outputBound(p: Program): bigint {
  let m = 0n;
  for (const o of p.outputs) {
    for (const s of o.sig) {
      const lo = p.sigLo[s]!;
      const hi = p.sigHi[s]!;
      for (const v of [lo < 0n ? -lo : lo, hi < 0n ? -hi : hi]) if (v > m) m = v;
    }
  }
  return m;
}

function enrollMain(pixels: number, tables: number, probe: 0 | 1): string {
  return `
// The enrollment statement: these pixels (range-checked, hashed) were signed by the attester for
// this identity and time, and the face model run on exactly these pixels gives these LSH tags.
template Enroll() {
    signal input pixels[${pixels}];
    signal input identityCommitment;
    signal input capturedAt;
    signal input attesterAx;
    signal input attesterAy;
    signal input sigS;
    signal input sigR8x;
    signal input sigR8y;
    signal output tags[${tables}];${probe ? `\n    signal output probes[${tables}];` : ""}

    component image = ImageHash(${pixels});
    image.pixels <== pixels;

    component attestation = Attestation();
    attestation.imageHash <== image.out;
    attestation.identityCommitment <== identityCommitment;
    attestation.capturedAt <== capturedAt;
    attestation.attesterAx <== attesterAx;
    attestation.attesterAy <== attesterAy;
    attestation.sigS <== sigS;
    attestation.sigR8x <== sigR8x;
    attestation.sigR8y <== sigR8y;

    component model = FaceModel();
    model.in <== pixels;

    component lsh = LshTags();
    lsh.emb <== model.out;
    tags <== lsh.tags;${probe ? "\n    probes <== lsh.probes;" : ""}
}

component main {public [identityCommitment, capturedAt, attesterAx, attesterAy]} = Enroll();
`;
}

/** The tag domain of a model, LSH setting and probe scheme (the plain scheme keeps its old domain). */
export function enrollTagDomain(modelSha256: string, lsh: LshParams, probe: 0 | 1): bigint {
  return tagDomain(`${modelSha256}:${lsh.seed}:${lsh.tables}x${lsh.bits}${probe ? ":probe-lc1" : ""}`);
}

/** The enrollment circuit's circom source (before compiling) and its tag domain. */
export function enrollSource(
  program: Program,
  modelSha256: string,
  lsh: LshParams,
  planes: number[][],
  probe: 0 | 1,
): { source: string; domain: bigint } {
  if (probe !== 0 && probe !== 1) throw new ZkpopError("LSH_PARAMS_INVALID", "probe must be 0 or 1");
  const pixels = program.inputShape.reduce((a, b) => a * b, 1);
  const domain = enrollTagDomain(modelSha256, lsh, probe);
  const tags = probe ? lshProbeCircom : lshCircom;
  const source = [
    "pragma circom 2.1.5;",
    'include "image_hash.circom";',
    'include "attestation.circom";',
    'include "lsh.circom";',
    ...(probe ? ['include "lsh_probe.circom";'] : []),
    "",
    emitCircom(program, {
      template: "FaceModel",
      main: false,
      header: `model sha256 ${modelSha256}`,
    }).replace(/^pragma circom [^;]+;\n/, ""),
    tags(lsh, planes, outputBound(program), domain),
    enrollMain(pixels, lsh.tables, probe),
  ].join("\n");
  return { source, domain };
}

/**
 * Generates and compiles the enrollment circuit for a model and LSH setting: image hash +
 * attestation + the model (by @zkpop/zkml, weights as constants) + LSH tags. The tag domain binds
 * the model hash and LSH parameters, so tags of another model never match.
 */
export async function buildEnrollCircuit(opts: EnrollCircuitOptions): Promise<EnrollCircuit> {
  checkEnrollCircuitOptions(opts);
  const q = await quantizeModel(opts.model, { ...opts.quant, calibration: opts.calibration });
  const pixels = q.program.inputShape.reduce((a, b) => a * b, 1);
  const dim = q.program.outputs.reduce((a, o) => a + o.sig.length, 0);
  if (q.program.inExp !== 0 || q.program.inSigned || q.program.inBits !== 8) {
    throw new ZkpopError(
      "MODEL_INPUT_INVALID",
      "the face model must take pixel bytes 0..255 as its input (integer scale 1)",
    );
  }
  if (dim !== opts.lsh.dim)
    throw new ZkpopError(
      "LSH_PARAMS_INVALID",
      `the model outputs ${dim} values, LSH expects ${opts.lsh.dim}`,
    );
  const planes = lshHyperplanes(opts.lsh);
  const probe = opts.probe ?? 0;
  const { source, domain } = enrollSource(q.program, q.sha256, opts.lsh, planes, probe);
  const dir = path.join(artifactsHome(opts.home), "sources", `enroll-${sha256Hex(source).slice(0, 16)}`);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, "enroll.circom");
  if (!existsSync(file) || (await readFile(file, "utf8")) !== source) {
    await writeFile(`${file}.${process.pid}.tmp`, source);
    await rename(`${file}.${process.pid}.tmp`, file);
  }
  const compiled = await compileCircuit({
    source: file,
    name: "enroll",
    includePaths: [circomlibCircuits(), enrollCircuitsDir()],
    optimization: 2, // circomlib's Poseidon and EdDSA carry linear constraints that --O2 removes
    home: opts.home,
    onProgress: opts.onProgress,
  });
  const modelConstraints = q.cost.totalConstraints;
  return {
    compiled,
    program: q.program,
    modelSha256: q.sha256,
    quantisationSha256: sha256Hex(JSON.stringify(programToJson(q.program))),
    planes,
    domain,
    lsh: opts.lsh,
    probe,
    pixels,
    modelConstraints,
  };
}

/** The enrollment circuit's full input: the signed crop's pixels and its attestation. */
export function enrollInput(pixels: Uint8Array, a: Attestation): Record<string, unknown> {
  return { pixels: Array.from(pixels), ...attestationInput(a) };
}
