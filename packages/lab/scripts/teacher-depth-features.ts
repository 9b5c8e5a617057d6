/**
 * Issue 12 (helper 12c): the teacher's (face-api FaceRecognitionNet) intermediate maps at several
 * depths for the cached crops, average-pooled to a few cells, for scripts/py/tl_student.py
 * (variants feat:<depth>). It measures how deep a fixed, pretrained trunk must go before a linear
 * head fitted on 20 people reaches the target; the ops copy face-api's forward pass.
 *
 *   npx tsx packages/lab/scripts/teacher-depth-features.ts --size 48 --out $ZKPOP_LAB_CACHE/depth-48
 * writes <out>.json (shapes, depths) and <out>.bin (float32: ORL, ORL mirrored, LFW, LFW mirrored).
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { loadFaceRuntime } from "@zkpop/face";

const { values } = parseArgs({
  options: { size: { type: "string", default: "48" }, out: { type: "string" } },
});
const S = Number(values.size);
const cache = process.env.ZKPOP_LAB_CACHE ?? "packages/lab/.cache";
if (!values.out) throw new Error("--out required");

function crops(indexPath: string): Uint8Array[] {
  const idx = JSON.parse(readFileSync(indexPath, "utf8")) as { binFile: string; count: number; size: number };
  const raw = readFileSync(path.join(path.dirname(indexPath), idx.binFile));
  return Array.from({ length: idx.count }, (_, i) => raw.subarray(i * S * S, (i + 1) * S * S));
}
const mirror = (c: Uint8Array) => Uint8Array.from(c, (_, i) => c[Math.floor(i / S) * S + (S - 1 - (i % S))]!);
const orl = crops(path.join(cache, `orl-crops-${S}-teacher-at-crop.json`));
const lfw = crops(S === 32 ? "packages/lab/data/lfw-faces-32.json" : path.join(cache, `lfw-faces-${S}.json`));
const all = [...orl, ...orl.map(mirror), ...lfw, ...lfw.map(mirror)];

const { faceapi, tf } = await loadFaceRuntime();
// biome-ignore lint/suspicious/noExplicitAny: face-api's param tree is untyped here.
const P = (faceapi.nets.faceRecognitionNet as any).params;
type T4 = ReturnType<typeof tf.tensor4d>;
// biome-ignore lint/suspicious/noExplicitAny: param subtrees.
const conv = (x: T4, p: any, stride: number, relu: boolean, pad: "same" | "valid" = "same"): T4 => {
  const y = tf
    .conv2d(x, p.conv.filters, stride, pad)
    .add(p.conv.bias)
    .mul(p.scale.weights)
    .add(p.scale.biases) as T4;
  return relu ? (tf.relu(y) as T4) : y;
};
// biome-ignore lint/suspicious/noExplicitAny: param subtrees.
const res = (x: T4, p: any): T4 => tf.relu(conv(conv(x, p.conv1, 1, true), p.conv2, 1, false).add(x)) as T4;
// biome-ignore lint/suspicious/noExplicitAny: param subtrees.
const down = (x: T4, p: any): T4 => {
  let e = conv(conv(x, p.conv1, 2, true, "valid"), p.conv2, 1, false);
  let r = tf.avgPool(x, 2, 2, "valid") as T4;
  if (r.shape[1] !== e.shape[1] || r.shape[2] !== e.shape[2]) {
    const s1 = [...e.shape] as [number, number, number, number];
    s1[1] = 1;
    e = tf.concat([e, tf.zeros(s1)], 1) as T4;
    const s2 = [...e.shape] as [number, number, number, number];
    s2[2] = 1;
    e = tf.concat([e, tf.zeros(s2)], 2) as T4;
  }
  if (r.shape[3] !== e.shape[3]) r = tf.concat([r, tf.zeros(r.shape)], 3) as T4;
  return tf.relu(r.add(e)) as T4;
};
/** Adaptive average pooling to g×g cells (near-equal bins), flattened. */
function cells(x: T4, g: number): Float32Array {
  const [, h, w, c] = x.shape;
  const d = x.dataSync();
  const out = new Float32Array(g * g * c);
  const e = (n: number, i: number) => Math.round((n * i) / g);
  for (let i = 0; i < g; i++)
    for (let j = 0; j < g; j++) {
      const [y0, y1, x0, x1] = [e(h, i), e(h, i + 1), e(w, j), e(w, j + 1)];
      for (let y = y0; y < y1; y++)
        for (let xx = x0; xx < x1; xx++)
          for (let k = 0; k < c; k++)
            out[(i * g + j) * c + k]! += d[(y * w + xx) * c + k]! / ((y1 - y0) * (x1 - x0));
    }
  return out;
}
// depth name -> cells; fixed before any result: about 1 k features each.
const DEPTHS: Array<[string, number]> = [
  ["c32", 5],
  ["c64", 4],
  ["c128", 3],
  ["c256", 2],
  ["fc", 1],
];
const feats: Float32Array[][] = DEPTHS.map(() => []);
for (const c of all) {
  tf.tidy(() => {
    const g = tf.tensor4d(Float32Array.from(c), [1, S, S, 1]).tile([1, 1, 1, 3]);
    const x = tf.image
      .resizeBilinear(g as T4, [150, 150], false, false)
      .sub(tf.tensor1d([122.782, 117.001, 104.298]))
      .div(255) as T4;
    let a = tf.maxPool(conv(x, P.conv32_down, 2, true, "valid"), 3, 2, "valid") as T4;
    a = res(res(res(a, P.conv32_1), P.conv32_2), P.conv32_3);
    feats[0]!.push(cells(a, 5));
    a = res(res(res(down(a, P.conv64_down), P.conv64_1), P.conv64_2), P.conv64_3);
    feats[1]!.push(cells(a, 4));
    a = res(res(down(a, P.conv128_down), P.conv128_1), P.conv128_2);
    feats[2]!.push(cells(a, 3));
    a = res(res(down(a, P.conv256_down), P.conv256_1), P.conv256_2);
    feats[3]!.push(cells(a, 2));
    a = down(a, P.conv256_down_out);
    feats[4]!.push(tf.matMul(a.mean([1, 2]) as never, P.fc).dataSync() as Float32Array);
  });
}
const dims = feats.map((f) => f[0]!.length);
const bin = Buffer.concat(
  feats.flatMap((f) => f.map((v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength))),
);
writeFileSync(`${values.out}.bin`, bin);
writeFileSync(
  `${values.out}.json`,
  JSON.stringify({
    size: S,
    orl: orl.length,
    lfw: lfw.length,
    depths: DEPTHS.map(([n], i) => ({ name: n, dim: dims[i] })),
  }),
);
console.log(DEPTHS.map(([n], i) => `${n}:${dims[i]}`).join(" "));
