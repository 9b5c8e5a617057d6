/**
 * Issue 12 (helper 12c): writes the teacher's first layers (face-api FaceRecognitionNet:
 * conv32_down = 7x7/2 conv + affine scale, and the conv32_1 residual block) as JSON, for the
 * transfer-learning student probe in scripts/py/student_lab.py (variant "tl").
 *
 *   npx tsx packages/lab/scripts/dump-teacher-layers.ts $ZKPOP_LAB_CACHE/teacher-layers.json
 */
import { writeFileSync } from "node:fs";
import { loadFaceRuntime } from "@zkpop/face";

const out = process.argv[2];
if (!out) throw new Error("usage: dump-teacher-layers.ts <out.json>");
const { faceapi } = await loadFaceRuntime();
type T = { shape: number[]; dataSync(): Float32Array };
const params = (faceapi.nets.faceRecognitionNet as unknown as { params: Record<string, unknown> }).params;
const flat = (node: unknown): unknown => {
  if (node && typeof (node as T).dataSync === "function")
    return { shape: (node as T).shape, data: Array.from((node as T).dataSync()) };
  if (node && typeof node === "object")
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, flat(v)]));
  return node;
};
const keep = ["conv32_down", "conv32_1", "conv32_2"];
writeFileSync(out, JSON.stringify(Object.fromEntries(keep.map((k) => [k, flat(params[k])]))));
console.log(Object.keys(params).join(","));
