import { type ChildProcess, fork } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { MembershipProof } from "@zkpop/core";
import { ZkpopError } from "@zkpop/errors";
import type { FromChild, ToChild } from "./protocol.js";

/** The child entry: compiled JS next to us, or the TS source run through tsx (tests, dev). */
function childEntry(): { file: string; execArgv: string[] } {
  const js = fileURLToPath(new URL("./child.js", import.meta.url));
  if (existsSync(js)) return { file: js, execArgv: [] };
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  return { file: fileURLToPath(new URL("./child.ts", import.meta.url)), execArgv: ["--import", tsx] };
}

interface Slot {
  child: ChildProcess;
  ready: Promise<void>;
  /** Taken by a caller (set synchronously, so two callers never share a process). */
  busy: boolean;
  job?: { id: number; resolve(invalid: number[]): void; reject(e: Error): void };
}

export interface VerifierPoolOptions {
  /** Artifact folder (manifest + verification key), checked by hash in each child. */
  dir: string;
  depth: number;
  size: number;
}

/** A fixed set of verifier processes, each checking one batch at a time. */
export class VerifierPool {
  readonly #o: VerifierPoolOptions;
  readonly #slots: Slot[] = [];
  readonly #waiting: Array<(s: Slot) => void> = [];
  #nextId = 0;
  #closed = false;

  private constructor(o: VerifierPoolOptions) {
    this.#o = o;
  }

  static async start(o: VerifierPoolOptions): Promise<VerifierPool> {
    const pool = new VerifierPool(o);
    for (let i = 0; i < o.size; i++) pool.#slots.push(pool.#spawn());
    try {
      await Promise.all(pool.#slots.map((s) => s.ready));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  get size(): number {
    return this.#o.size;
  }

  #spawn(): Slot {
    const slot = { busy: false } as Slot;
    this.#attach(slot);
    return slot;
  }

  /** Starts a verifier process in `slot` (at start, and again if one dies). */
  #attach(slot: Slot): void {
    const { file, execArgv } = childEntry();
    // stdout ignored so the server's JSON log stream stays clean; stderr kept for crashes.
    const child = fork(file, [], { execArgv, stdio: ["ignore", "ignore", "inherit", "ipc"] });
    let readyResolve!: () => void;
    let readyReject!: (e: Error) => void;
    slot.child = child;
    slot.job = undefined;
    slot.ready = new Promise<void>((res, rej) => {
      readyResolve = res;
      readyReject = rej;
    });
    slot.ready.catch(() => {}); // observed by start(); a respawn failure must not crash us
    child.on("error", () => {}); // a send to a dying child: its "exit" handler cleans up
    child.on("message", (m: FromChild) => {
      if (m.type === "ready") return readyResolve();
      if (m.type === "error" && m.id === undefined) return readyReject(new Error(`verifier: ${m.message}`));
      const job = slot.job;
      if (!job || m.id !== job.id) return;
      slot.job = undefined;
      if (m.type === "result") job.resolve(m.invalid);
      else job.reject(new Error(`verifier: ${m.message}`));
    });
    child.on("exit", (code, signal) => {
      const err = new Error(`verifier process exited (${signal ?? code})`);
      readyReject(err);
      if (slot.child !== child) return;
      slot.job?.reject(err);
      slot.job = undefined;
      if (!this.#closed) this.#attach(slot);
    });
    child.send({ type: "init", dir: this.#o.dir, depth: this.#o.depth } satisfies ToChild);
  }

  #release(slot: Slot): void {
    const next = this.#waiting.shift();
    if (next) next(slot);
    else slot.busy = false;
  }

  #acquire(): Promise<Slot> {
    const idle = this.#slots.find((s) => !s.busy);
    if (idle) {
      idle.busy = true;
      return Promise.resolve(idle);
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Valid flags, one per proof, in order. */
  async verify(proofs: MembershipProof[]): Promise<boolean[]> {
    if (this.#closed) throw new ZkpopError("NOT_READY", "verifier pool is closed");
    const slot = await this.#acquire();
    let invalid: number[];
    try {
      await slot.ready;
      const id = this.#nextId++;
      invalid = await new Promise<number[]>((resolve, reject) => {
        slot.job = { id, resolve, reject };
        slot.child.send({ type: "batch", id, proofs } satisfies ToChild);
      });
    } finally {
      this.#release(slot);
    }
    const bad = new Set(invalid);
    return proofs.map((_, i) => !bad.has(i));
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(
      this.#slots.map(
        (s) =>
          new Promise<void>((resolve) => {
            if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
            s.child.once("exit", () => resolve());
            s.child.kill();
          }),
      ),
    );
  }
}
