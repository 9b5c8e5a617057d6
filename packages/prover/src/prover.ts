import { type ChildProcess, fork } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { codeOf } from "@zkpop/errors";
import { announceFallback, type EngineName, engineInfo } from "./engine.js";
import { ProofCancelledError, WitnessError, ZkpopError } from "./errors.js";
import type { LoadedArtifacts } from "./manifest.js";
import type { FromWorker } from "./prover-protocol.js";
import type { Groth16Proof } from "./vkey.js";

export interface ProveOptions {
  onProgress?: (stage: "queued" | "witness" | "prove" | "done") => void;
  /** Aborting kills the proving process; the next proof starts a fresh one. */
  signal?: AbortSignal;
}

export interface ProofResult {
  proof: Groth16Proof;
  publicSignals: string[];
  witnessMs: number;
  proveMs: number;
  /** Peak resident memory of the proving process so far. */
  maxRssBytes: number;
  /** The engine that made the proof. */
  engine: EngineName;
}

const LOADER_FLAGS = new Set(["--require", "-r", "--import", "--loader", "--experimental-loader"]);

/**
 * Node flags of the proving process: the parent's, less its module loaders when the worker is
 * plain JavaScript (tsx's cost the process ~30 MB resident and are of no use to compiled code).
 * The native engine's process also compiles the witness wasm with V8's baseline compiler only:
 * tiering circom's huge functions up to TurboFan in background threads took hundreds of MB
 * (enrollment circuit: peak RSS ~980 MB instead of ~300 MB) and CPU the proof needs.
 */
export function workerExecArgv(engine: EngineName, compiled: boolean): string[] {
  const args: string[] = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const a = process.execArgv[i]!;
    if (compiled && LOADER_FLAGS.has(a.split("=")[0]!)) {
      if (!a.includes("=")) i++; // the flag's value is the next argument
      continue;
    }
    args.push(a);
  }
  if (engine === "native") args.push("--liftoff-only");
  return args;
}

interface Pending {
  resolve: (r: ProofResult) => void;
  reject: (e: Error) => void;
  onProgress?: ProveOptions["onProgress"];
}

/**
 * Proves with one circuit's artifacts in a child process that keeps the witness wasm compiled
 * and the proving key in memory, so repeated proofs skip the cold start. Proofs run one at a
 * time (snarkjs already uses every core for one proof).
 */
export class Prover {
  private child?: ChildProcess;
  private ready?: Promise<void>;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private queue: Promise<unknown> = Promise.resolve();
  /** The engine this prover uses: native when the addon is built, unless ZKPOP_ENGINE says otherwise. */
  readonly engine: EngineName;

  constructor(
    private readonly artifacts: LoadedArtifacts,
    opts: { engine?: EngineName } = {},
  ) {
    const info = engineInfo(opts.engine);
    announceFallback(info);
    this.engine = info.engine;
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    const worker = new URL("./prover-worker.js", import.meta.url);
    const child = fork(worker, [], {
      execArgv: workerExecArgv(this.engine, existsSync(fileURLToPath(worker))),
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    this.child = child;
    this.ready = new Promise<void>((resolve, reject) => {
      child.once("error", reject);
      child.on("message", (m: FromWorker) => {
        if (m.type === "loaded") return resolve();
        if (m.type === "loadFailed") {
          this.child = undefined;
          this.ready = undefined;
          child.disconnect();
          return reject(new ZkpopError(codeOf(m.code, "PROOF_FAILED"), m.message));
        }
        const p = this.pending.get(m.id);
        if (!p) return;
        if (m.type === "progress") return p.onProgress?.(m.stage);
        this.pending.delete(m.id);
        if (m.type === "proved") {
          p.onProgress?.("done");
          p.resolve({
            proof: m.proof,
            publicSignals: m.publicSignals,
            witnessMs: m.witnessMs,
            proveMs: m.proveMs,
            maxRssBytes: m.maxRssBytes,
            engine: this.engine,
          });
        } else {
          p.reject(
            m.code === "WITNESS_FAILED"
              ? new WitnessError(m.message)
              : new ZkpopError(codeOf(m.code, "PROOF_FAILED"), m.message),
          );
        }
      });
      child.once("exit", (code, sig) => {
        if (this.child !== child) return; // a killed (cancelled) process: already detached
        const err = new ZkpopError("PROVER_EXITED", `prover process exited (${sig ?? code})`);
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
        this.child = undefined;
        this.ready = undefined;
        reject(err);
      });
    });
    const { dir, manifest, wasm, zkey } = this.artifacts;
    child.send(
      this.engine === "native"
        ? {
            type: "load",
            engine: "native",
            wasm,
            zkeyFile: path.join(dir, manifest.files.zkey),
            zkeySha256: manifest.sha256.zkey,
          }
        : { type: "load", engine: "snarkjs", wasm, zkey },
    );
    return this.ready;
  }

  /** Loads the artifacts into the proving process ahead of the first proof. */
  async warm(): Promise<void> {
    await this.start();
  }

  prove(input: Record<string, unknown>, opts: ProveOptions = {}): Promise<ProofResult> {
    opts.onProgress?.("queued");
    const run = async () => {
      if (opts.signal?.aborted) throw new ProofCancelledError();
      await this.start();
      const id = this.nextId++;
      return new Promise<ProofResult>((resolve, reject) => {
        const onAbort = () => {
          this.pending.get(id)?.reject(new ProofCancelledError());
          this.pending.delete(id);
          const child = this.child;
          // Detach first, so the next proof starts a fresh process without waiting for the exit.
          this.child = undefined;
          this.ready = undefined;
          child?.kill("SIGKILL");
        };
        opts.signal?.addEventListener("abort", onAbort, { once: true });
        const done = () => opts.signal?.removeEventListener("abort", onAbort);
        this.pending.set(id, {
          resolve: (r) => {
            done();
            resolve(r);
          },
          reject: (e) => {
            done();
            reject(e);
          },
          onProgress: opts.onProgress,
        });
        this.child!.send({ type: "prove", id, input });
      });
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Stops the proving process. */
  async close(): Promise<void> {
    const child = this.child;
    if (!child) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.disconnect();
    });
  }
}
