/**
 * Runs every evaluation image through the enrollment pipeline once and keeps what each model
 * makes of it: the teacher descriptor (150×150 chip), the student's float ONNX output, and the
 * quantised program's integer output (what the circuit computes, bit for bit).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { FaceNotFoundError, prepareCapture } from "@zkpop/face";
import type { ProgressFn } from "@zkpop/prover";
import { execute, type Program } from "@zkpop/zkml";
import type { OrlImage } from "../orl.js";
import type { OnnxStudent } from "../student/onnx-run.js";
import { teacherChip, teacherDescriptor } from "../teacher.js";

export interface EvalSample {
  label: string;
  source: string;
  /** The 32×32 crop bytes the circuit takes. */
  pixels: Uint8Array;
  teacher: Float32Array;
  student: Float32Array;
  /** Executor output as integers (the circuit's output signals) and dequantised (q · 2^-exp). */
  circuit: bigint[];
  circuitReal: Float64Array;
}

export interface EvalSamples {
  samples: EvalSample[];
  /** Sources in which no face was found. */
  missing: string[];
}

export async function embedImages(
  dataDir: string,
  images: readonly OrlImage[],
  models: { student: OnnxStudent; program: Program },
  onProgress?: ProgressFn,
): Promise<EvalSamples> {
  const samples: EvalSample[] = [];
  const missing: string[] = [];
  for (const [i, img] of images.entries()) {
    onProgress?.({ stage: "faces", done: i, total: images.length });
    // The same path an enrollment takes (`zkpop attester sign`): decode, detect, align.
    let prepared: Awaited<ReturnType<typeof prepareCapture>>;
    try {
      prepared = await prepareCapture(new Uint8Array(readFileSync(path.join(dataDir, img.source))));
    } catch (e) {
      if (!(e instanceof FaceNotFoundError)) throw e;
      missing.push(img.source);
      continue;
    }
    const pixels = prepared.crop.data;
    const chip = teacherChip(prepared.decoded.gray, prepared.face.points5).crop;
    const run = execute(models.program, Array.from(pixels, BigInt));
    samples.push({
      label: img.label,
      source: img.source,
      pixels,
      teacher: await teacherDescriptor(chip),
      student: await models.student.embed(pixels),
      circuit: run.outputs.flat(),
      circuitReal: Float64Array.from(run.real.flatMap((r) => Array.from(r))),
    });
  }
  onProgress?.({ stage: "faces", done: images.length, total: images.length });
  return { samples, missing };
}
