import { randomBytes } from "node:crypto";
import { rename, rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import * as binFileUtils from "@iden3/binfileutils";
import { ArgumentError } from "@zkpop/errors";
import { BASE_FIELD, batchInvert, modInv, modPow, rootOfUnity, SNARK_FIELD } from "./field.js";
import type { ProgressFn } from "./progress.js";
import type { PtauTask } from "./ptau-worker.js";

/*
 * Development powers of tau, written phase-2-ready straight from random secrets.
 *
 * snarkjs' route (new -> contribute -> prepare phase2) computes the Lagrange sections with
 * FFTs over curve points, which is slow (minutes at 2^13). Knowing tau, each Lagrange point
 * is one scalar multiplication: L_i(tau) = (tau^m - 1)/m * w^i / (tau - w^i). The file has
 * the exact layout `snarkjs powersoftau prepare phase2` writes, so `zkey new` and
 * `zkey verify` accept it. tau, alpha and beta live only in this function's memory: this is
 * a SINGLE-PARTY setup, fit for development and tests, never for production.
 */

type Group = "G1" | "G2";

function randomScalar(): bigint {
  for (;;) {
    const v = BigInt(`0x${randomBytes(48).toString("hex")}`) % SNARK_FIELD;
    if (v !== 0n) return v;
  }
}

function powers(base: bigint, first: bigint, n: number): bigint[] {
  const out = new Array<bigint>(n);
  let acc = first % SNARK_FIELD;
  for (let i = 0; i < n; i++) {
    out[i] = acc;
    acc = (acc * base) % SNARK_FIELD;
  }
  return out;
}

/** L_i(tau) for the domain of size 2^k, times `factor`; `dropLast` mirrors snarkjs' top block. */
function lagrange(tau: bigint, k: number, factor: bigint, dropLast = false): bigint[] {
  const p = SNARK_FIELD;
  const m = 1 << k;
  const w = rootOfUnity(k);
  const wi = powers(w, 1n, m);
  const invDen = batchInvert(
    wi.map((x) => (tau - x + p) % p),
    p,
  );
  const invM = modInv(BigInt(m), p);
  const c = (((modPow(tau, BigInt(m), p) - 1n + p) % p) * invM) % p;
  // Dropping tau^(m-1) from the coefficient vector subtracts tau^(m-1)/m * w^i from each L_i.
  const drop = dropLast ? (modPow(tau, BigInt(m - 1), p) * invM) % p : 0n;
  return wi.map((x, i) => {
    const l = (((c * x) % p) * invDen[i]!) % p;
    return (((l - ((drop * x) % p) + p) % p) * factor) % p;
  });
}

/** Multiplies the generator by many scalars on a pool of worker threads (mcl is single-threaded). */
class PointPool {
  private readonly workers: Worker[];
  private nextId = 0;
  private readonly waiting = new Map<
    number,
    { resolve: (points: Uint8Array) => void; reject: (e: Error) => void }
  >();

  constructor(size: number) {
    this.workers = Array.from({ length: size }, () => {
      const w = new Worker(new URL("./ptau-worker.js", import.meta.url));
      w.on("message", (m: { id: number; points: Uint8Array }) => {
        this.waiting.get(m.id)?.resolve(m.points);
        this.waiting.delete(m.id);
      });
      w.on("error", (e) => {
        for (const t of this.waiting.values()) t.reject(e);
        this.waiting.clear();
      });
      return w;
    });
  }

  run(task: Omit<PtauTask, "id">, worker: number): Promise<Uint8Array> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.workers[worker % this.workers.length]!.postMessage({ ...task, id });
    });
  }

  get size() {
    return this.workers.length;
  }

  async close() {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

class SectionWriter {
  private done = 0;
  constructor(
    private readonly pool: PointPool,
    private readonly total: number,
    private readonly onProgress?: ProgressFn,
  ) {}

  /** Writes scalars·G in order; chunks go to the workers round-robin, a few in flight per worker. */
  async write(fd: binFileUtils.Fd, group: Group, scalars: bigint[]): Promise<void> {
    const chunk = 2048;
    const chunks: bigint[][] = [];
    for (let i = 0; i < scalars.length; i += chunk) chunks.push(scalars.slice(i, i + chunk));
    const inFlight: Array<Promise<Uint8Array>> = [];
    const depth = this.pool.size * 2;
    let next = 0;
    const launch = () => {
      if (next < chunks.length) {
        inFlight.push(this.pool.run({ group, scalars: chunks[next]! }, next));
        next++;
      }
    };
    for (let i = 0; i < depth; i++) launch();
    for (let i = 0; i < chunks.length; i++) {
      const points = await inFlight.shift()!;
      launch();
      await fd.write(points);
      this.done += chunks[i]!.length;
      this.onProgress?.({ stage: "ptau", done: this.done, total: this.total });
    }
  }
}

/** Writes a phase-2-ready development ptau of the given power to `file` (atomically). */
export async function writeDevPtau(file: string, power: number, onProgress?: ProgressFn): Promise<void> {
  if (!Number.isInteger(power) || power < 1 || power > 27) {
    throw new ArgumentError(`ptau power must be an integer in [1, 27], got ${power}`);
  }
  const tau = randomScalar();
  const alpha = randomScalar();
  const beta = randomScalar();
  const n = 2 ** power;

  const lagrangeCount = (maxK: number) => 2 ** (maxK + 1) - 1;
  const total = 2 * n - 1 + n + 2 * n + 1 + lagrangeCount(power + 1) + lagrangeCount(power) * 3;
  const pool = new PointPool(Math.max(1, Math.min(availableParallelism(), 8)));
  const writer = new SectionWriter(pool, total, onProgress);

  const tmp = `${file}.${process.pid}.partial`;
  try {
    const fd = await binFileUtils.createBinFile(tmp, "ptau", 1, 11, 1 << 22, 1 << 24);
    const section = async (id: number, body: () => Promise<void>) => {
      await binFileUtils.startWriteSection(fd, id);
      await body();
      await binFileUtils.endWriteSection(fd);
    };

    await section(1, async () => {
      await fd.writeULE32(32);
      const q = new Uint8Array(32);
      let v = BASE_FIELD;
      for (let i = 0; i < 32; i++) {
        q[i] = Number(v & 0xffn);
        v >>= 8n;
      }
      await fd.write(q);
      await fd.writeULE32(power);
      await fd.writeULE32(power);
    });
    await section(2, () => writer.write(fd, "G1", powers(tau, 1n, 2 * n - 1)));
    await section(3, () => writer.write(fd, "G2", powers(tau, 1n, n)));
    await section(4, () => writer.write(fd, "G1", powers(tau, alpha, n)));
    await section(5, () => writer.write(fd, "G1", powers(tau, beta, n)));
    await section(6, () => writer.write(fd, "G2", [beta]));
    await section(7, () => fd.writeULE32(0)); // no contribution transcript: single party
    await section(12, async () => {
      for (let k = 0; k <= power + 1; k++)
        await writer.write(fd, "G1", lagrange(tau, k, 1n, k === power + 1));
    });
    await section(13, async () => {
      for (let k = 0; k <= power; k++) await writer.write(fd, "G2", lagrange(tau, k, 1n));
    });
    await section(14, async () => {
      for (let k = 0; k <= power; k++) await writer.write(fd, "G1", lagrange(tau, k, alpha));
    });
    await section(15, async () => {
      for (let k = 0; k <= power; k++) await writer.write(fd, "G1", lagrange(tau, k, beta));
    });
    await fd.close();
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  } finally {
    await pool.close();
  }
}
