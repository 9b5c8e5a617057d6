import { sha256 } from "@noble/hashes/sha2.js";
import { intIn, parseOptions, ZkpopError } from "@zkpop/errors";
import { poseidon3 } from "poseidon-lite";
import { z } from "zod";

/**
 * Locality-sensitive hashing of an embedding into dedup tags (DESIGN "Dedup"): L tables of k
 * random hyperplanes; each table's k sign bits form a bucket, and tag_i = domain + i·2^k + bucket_i.
 * Two captures of one person agree on a bucket when all k signs agree; the registry calls an
 * enrollment a duplicate when at least m of the L tags are already stored.
 */
export interface LshParams {
  /** Embedding dimension the hyperplanes project (the model's output size), 1 to 4096. */
  dim: number;
  /** L: tables, one tag each, 1 to 1024. */
  tables: number;
  /** k: sign bits per table (a bucket), 1 to 30. */
  bits: number;
  /** Seed of the hyperplanes' SHA-256 stream. */
  seed: string;
}

/** Most tables (tags) an LSH setting may have; also the largest m a registry may configure. */
export const MAX_LSH_TABLES = 1024;

/** LshParams with their bounds (the defaults are DEFAULT_LSH). */
export const lshParamsSchema: z.ZodType<LshParams> = z.object({
  dim: intIn(1, 4096),
  tables: intIn(1, MAX_LSH_TABLES),
  bits: intIn(1, 30),
  seed: z.string({ error: "must be a string" }),
});

/** `p` unchanged, or LSH_PARAMS_INVALID naming the parameter out of its bounds. */
export function checkLshParams(p: LshParams): LshParams {
  parseOptions(lshParamsSchema, p, "LSH_PARAMS_INVALID", "lsh");
  return p;
}

/** Integer hyperplanes in [-127, 127], Gaussian-like (sum of four bytes), from a SHA-256 counter stream. */
export function lshHyperplanes(p: LshParams): number[][] {
  checkLshParams(p);
  const rows = p.tables * p.bits;
  const out: number[][] = [];
  let block = 0;
  let pool: Uint8Array = new Uint8Array(0);
  let pos = 0;
  const byte = () => {
    if (pos >= pool.length) {
      pool = sha256(new TextEncoder().encode(`zkpop/lsh/v1:${p.seed}:${block++}`));
      pos = 0;
    }
    return pool[pos++]!;
  };
  for (let r = 0; r < rows; r++) {
    const row: number[] = [];
    for (let j = 0; j < p.dim; j++) {
      const s = byte() + byte() + byte() + byte(); // 0..1020, mean 510
      row.push(Math.max(-127, Math.min(127, Math.round((s - 510) / 2))));
    }
    out.push(row);
  }
  return out;
}

/** Sign bits per table (1 when the projection is >= 0), for integer or float embeddings. */
export function lshBits(embedding: ArrayLike<number | bigint>, planes: number[][], p: LshParams): number[][] {
  if (embedding.length !== p.dim)
    throw new ZkpopError(
      "LSH_PARAMS_INVALID",
      `embedding has ${embedding.length} values, LSH expects ${p.dim}`,
    );
  const tables: number[][] = [];
  for (let t = 0; t < p.tables; t++) {
    const bits: number[] = [];
    for (let b = 0; b < p.bits; b++) {
      const row = planes[t * p.bits + b]!;
      let acc = 0n;
      let accF = 0;
      const integral = typeof embedding[0] === "bigint";
      for (let j = 0; j < p.dim; j++) {
        if (integral) acc += BigInt(row[j]!) * (embedding[j] as bigint);
        else accF += row[j]! * (embedding[j] as number);
      }
      bits.push((integral ? acc >= 0n : accF >= 0) ? 1 : 0);
    }
    tables.push(bits);
  }
  return tables;
}

export function bucketOf(bits: number[]): bigint {
  return bits.reduce((acc, bit, j) => acc + (BigInt(bit) << BigInt(j)), 0n);
}

/** The tag domain binds tags to one model and LSH setting: a new model never matches old tags. */
export function tagDomain(modelId: string): bigint {
  const d = sha256(new TextEncoder().encode(`zkpop/tag/v1:${modelId}`));
  return BigInt(`0x${Buffer.from(d).toString("hex")}`) >> 8n;
}

/** Table i's tag of a bucket: domain + i·2^k + bucket (distinct per table and bucket, below the field size). */
export function linearTag(domain: bigint, index: number, bits: number, bucket: bigint): bigint {
  return domain + (BigInt(index) << BigInt(bits)) + bucket;
}

/** The default circuit's tags (`LshTag` in circuits/enroll/lsh.circom): tag_i = domain + i·2^k + bucket_i. */
export function lshTags(
  embedding: ArrayLike<number | bigint>,
  planes: number[][],
  p: LshParams,
  domain: bigint,
): bigint[] {
  return lshBits(embedding, planes, p).map((bits, i) => linearTag(domain, i, p.bits, bucketOf(bits)));
}

/** Bits B such that every projection of an embedding with |e_j| <= maxAbs lies in (-2^(B-1), 2^(B-1)). */
export function projectionBits(planes: number[][], maxAbs: bigint): number {
  let worst = 0n;
  for (const row of planes) {
    const s = row.reduce((a, h) => a + BigInt(Math.abs(h)), 0n) * maxAbs;
    if (s > worst) worst = s;
  }
  return worst.toString(2).length + 1;
}

/**
 * circom source of `template LshTags()` for these hyperplanes: projections are linear in the
 * embedding (constants: no constraints), each sign costs one B-bit decomposition, each tag one
 * constraint (its linear form). The hyperplanes are one constant array and the projections loops
 * over it: written out term by term, 512 tables of 7 planes over 64 values made circom2's witness
 * code too large for its 4 GB of wasm memory. Include `circuits/enroll/lsh.circom` alongside.
 */
export function lshCircom(p: LshParams, planes: number[][], maxAbs: bigint, domain: bigint): string {
  const B = projectionBits(planes, maxAbs);
  const R = p.tables * p.bits;
  return `${[
    "// Generated by @zkpop/enroll-circuit lshCircom: do not edit.",
    `// LSH seed ${JSON.stringify(p.seed)}, L=${p.tables}, k=${p.bits}, dim=${p.dim}, |e_j| <= ${maxAbs}, sign bits B=${B}.`,
    "function lshPlanes() {",
    `    var h[${R}][${p.dim}] = [${planes.map((row) => `[${row.join(",")}]`).join(",")}];`,
    "    return h;",
    "}",
    "",
    "template LshTags() {",
    `    signal input emb[${p.dim}];`,
    `    signal output tags[${p.tables}];`,
    `    component sign[${R}];`,
    `    component tag[${p.tables}];`,
    `    var h[${R}][${p.dim}] = lshPlanes();`,
    `    for (var t = 0; t < ${p.tables}; t++) {`,
    `        tag[t] = LshTag(${p.bits}, ${domain}, t);`,
    `        for (var b = 0; b < ${p.bits}; b++) {`,
    `            var r = t * ${p.bits} + b;`,
    "            var acc = 0;",
    `            for (var j = 0; j < ${p.dim}; j++) {`,
    "                acc += h[r][j] * emb[j];",
    "            }",
    `            sign[r] = SignBit(${B});`,
    "            sign[r].in <== acc;",
    "            tag[t].bits[b] <== sign[r].out;",
    "        }",
    "        tags[t] <== tag[t].tag;",
    "    }",
    "}",
  ].join("\n")}\n`;
}

/** Integer projections of an integer embedding on every table's k planes (what the circuit signs). */
export function lshProjections(embedding: readonly bigint[], planes: number[][], p: LshParams): bigint[][] {
  if (embedding.length !== p.dim)
    throw new ZkpopError(
      "LSH_PARAMS_INVALID",
      `embedding has ${embedding.length} values, LSH expects ${p.dim}`,
    );
  return Array.from({ length: p.tables }, (_, t) =>
    Array.from({ length: p.bits }, (_, b) =>
      planes[t * p.bits + b]!.reduce((acc, h, j) => acc + BigInt(h) * embedding[j]!, 0n),
    ),
  );
}

/** The circuit's confidence of a sign bit: p for p >= 0, -p - 1 below (|p| up to rounding). */
export function probeConfidence(projection: bigint): bigint {
  return projection >= 0n ? projection : -projection - 1n;
}

/** Index of the least-confident bit of one table: the smallest confidence, ties to the lowest index. */
export function leastConfidentBit(projections: readonly bigint[]): number {
  let best = 0;
  for (let j = 1; j < projections.length; j++)
    if (probeConfidence(projections[j]!) < probeConfidence(projections[best]!)) best = j;
  return best;
}

/**
 * Tags of the least-confident multi-probe (t = 1), the JS mirror of `LshProbeTable`: per table the
 * tag of the bucket and the tag of the bucket with its least-confident bit flipped. The registry
 * stores `tags`; a newcomer's table i matches a member when its tag i or probe i equals the
 * member's stored tag i.
 */
export function lshProbeTags(
  embedding: readonly bigint[],
  planes: number[][],
  p: LshParams,
  domain: bigint,
): { tags: bigint[]; probes: bigint[] } {
  const proj = lshProjections(embedding, planes, p);
  const tags: bigint[] = [];
  const probes: bigint[] = [];
  proj.forEach((row, i) => {
    const bucket = bucketOf(row.map((v) => (v >= 0n ? 1 : 0)));
    tags.push(poseidon3([domain, BigInt(i), bucket]));
    probes.push(poseidon3([domain, BigInt(i), bucket ^ (1n << BigInt(leastConfidentBit(row)))]));
  });
  return { tags, probes };
}

/**
 * circom source of `template LshTags()` with least-confident probes: outputs tags[L] and
 * probes[L]; each table is one `LshProbeTable` (circuits/enroll/lsh.circom) on its k projections.
 */
export function lshProbeCircom(p: LshParams, planes: number[][], maxAbs: bigint, domain: bigint): string {
  if (p.bits > 16)
    throw new ZkpopError("LSH_PARAMS_INVALID", "the probe gadget takes at most 16 bits per table");
  const B = projectionBits(planes, maxAbs);
  const lines = [
    "// Generated by @zkpop/enroll-circuit lshProbeCircom: do not edit.",
    `// LSH seed ${JSON.stringify(p.seed)}, L=${p.tables}, k=${p.bits}, dim=${p.dim}, |e_j| <= ${maxAbs}, B=${B}, least-confident probe t=1.`,
    "template LshTags() {",
    `    signal input emb[${p.dim}];`,
    `    signal output tags[${p.tables}];`,
    `    signal output probes[${p.tables}];`,
    `    component table[${p.tables}];`,
  ];
  for (let t = 0; t < p.tables; t++) {
    lines.push(`    table[${t}] = LshProbeTable(${p.bits}, ${B}, ${domain}, ${t});`);
    for (let b = 0; b < p.bits; b++) {
      const terms = planes[t * p.bits + b]!.map((h, j) => (h === 0 ? null : `${h} * emb[${j}]`)).filter(
        Boolean,
      );
      lines.push(`    table[${t}].proj[${b}] <== ${terms.length ? terms.join(" + ") : "0"};`);
    }
    lines.push(`    tags[${t}] <== table[${t}].tag;`, `    probes[${t}] <== table[${t}].probe;`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}
