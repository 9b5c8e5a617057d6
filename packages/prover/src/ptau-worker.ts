import { parentPort } from "node:worker_threads";
import { ArgumentError } from "@zkpop/errors";
import mcl from "mcl-wasm";
import { G1_GENERATOR, G2_GENERATOR, g1, g2, initMcl, pointToLem } from "./mcl-curve.js";

/** Worker of the development ptau writer: scalars in, generator multiples in snarkjs layout out. */
export interface PtauTask {
  id: number;
  group: "G1" | "G2";
  scalars: bigint[];
}

type Point = mcl.G1 | mcl.G2;
const WINDOWS = 32; // 8-bit windows cover a 256-bit scalar

/**
 * Fixed-base comb: table[w][d] = d·2^(8w)·G, so s·G is at most 32 additions and no doublings,
 * about 3× faster than a generic scalar multiplication here (more with affine table entries). Built once per worker and group.
 */
function combTable(gen: Point): Point[][] {
  const table: Point[][] = [];
  let base = gen;
  for (let w = 0; w < WINDOWS; w++) {
    const row: Point[] = [base];
    for (let d = 2; d < 256; d++) row.push(mcl.add(row[row.length - 1]! as mcl.G1, base as mcl.G1));
    mcl.normalizeVec(row as mcl.G1[]); // affine entries: every comb step is a cheaper mixed addition
    table.push(row);
    base = mcl.add(row[254]! as mcl.G1, base as mcl.G1); // 256·base
  }
  return table;
}

function combMul(table: Point[][], s: bigint): Point {
  let acc: Point | undefined;
  let v = s;
  for (let w = 0; w < WINDOWS && v > 0n; w++) {
    const d = Number(v & 0xffn);
    v >>= 8n;
    if (d === 0) continue;
    const t = table[w]![d - 1]!;
    acc = acc ? mcl.add(acc as mcl.G1, t as mcl.G1) : t;
  }
  if (!acc || v !== 0n) throw new ArgumentError("ptau scalars must be non-zero field elements");
  return acc;
}

const ready = initMcl();
const tables: Partial<Record<PtauTask["group"], Point[][]>> = {};

parentPort?.on("message", async (task: PtauTask) => {
  await ready;
  const isG1 = task.group === "G1";
  tables[task.group] ??= combTable(
    isG1 ? g1(G1_GENERATOR.x, G1_GENERATOR.y) : g2(G2_GENERATOR.x, G2_GENERATOR.y),
  );
  const table = tables[task.group]!;
  const points = task.scalars.map((s) => combMul(table, s));
  mcl.normalizeVec(points as mcl.G1[]); // one inversion for the whole chunk
  const size = isG1 ? 64 : 128;
  const out = new Uint8Array(points.length * size);
  for (const [i, p] of points.entries()) pointToLem(p, out, i * size);
  parentPort!.postMessage({ id: task.id, points: out }, [out.buffer]);
});
