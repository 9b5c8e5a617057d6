import { codeOf, ZkpopError } from "@zkpop/errors";
import type { Groth16Proof } from "@zkpop/prover";
import { DEFAULT_CACHE_NAME } from "./artifacts.js";
import type { ArtifactReport, CircuitArtifacts, FromWorker, Progress, ToWorker } from "./protocol.js";

export interface WebProverOptions {
  /** URL of the worker bundle (default: `zkpop-worker.js` beside this bundle). */
  workerUrl?: string | URL;
  /** Cache Storage bucket for artifacts (default `zkpop-artifacts-v1`). */
  cacheName?: string;
  /**
   * Prove on the worker's own thread only (true), or spread multi-exponentiations and FFTs over
   * snarkjs' nested workers, one per core, started from `blob:` URLs (false; a page whose
   * Content-Security-Policy has no `worker-src blob:` needs true). Default: single-threaded on
   * two cores or fewer, where `npm run bench:browser -- --compare-threads` measured it faster
   * (enrollment 58 s against 100 s on the loaded 2-core box), nested workers above that.
   */
  singleThread?: boolean;
}

export interface ProveOptions {
  onProgress?: (p: Progress) => void;
  /** Aborting ends the worker at once (PROOF_CANCELLED); the next call starts a fresh one. */
  signal?: AbortSignal;
}

export interface WorkerProof {
  proof: Groth16Proof;
  publicSignals: string[];
  witnessMs: number;
  proveMs: number;
}

/** A request without its id (distributes over the union, unlike a plain Omit). */
type Request = ToWorker extends infer T ? (T extends unknown ? Omit<T, "id"> : never) : never;

interface Pending {
  resolve: (m: FromWorker) => void;
  reject: (e: Error) => void;
  onProgress?: (p: Progress) => void;
}

/**
 * The page's handle on the proving worker. Every heavy step (download, hashing, witness, proof)
 * runs in the worker; the main thread only posts small messages. One job at a time, in order.
 */
export class WebProver {
  #worker?: Worker;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();
  /** Circuits the current worker holds (reloaded from Cache Storage after a cancellation). */
  readonly #circuits = new Map<string, { artifacts: CircuitArtifacts; reports: ArtifactReport[] }>();
  #loadedInWorker = new Set<string>();
  #queue: Promise<unknown> = Promise.resolve();
  readonly #workerUrl: string | URL;
  readonly #cacheName: string;
  readonly #singleThread: boolean;

  /** Whether proofs run single-threaded in the worker (see `WebProverOptions.singleThread`). */
  get singleThread(): boolean {
    return this.#singleThread;
  }

  constructor(opts: WebProverOptions = {}) {
    this.#workerUrl = opts.workerUrl ?? new URL("./zkpop-worker.js", import.meta.url);
    this.#cacheName = opts.cacheName ?? DEFAULT_CACHE_NAME;
    this.#singleThread = opts.singleThread ?? (globalThis.navigator?.hardwareConcurrency ?? 1) <= 2;
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const w = new Worker(this.#workerUrl, { type: "module", name: "zkpop-prover" });
    w.onmessage = (e: MessageEvent<FromWorker>) => {
      const m = e.data;
      const p = this.#pending.get(m.id);
      if (!p) return;
      if (m.type === "progress") return p.onProgress?.(m.progress);
      this.#pending.delete(m.id);
      if (m.type === "failed") p.reject(new ZkpopError(codeOf(m.code, "PROOF_FAILED"), m.message));
      else p.resolve(m);
    };
    w.onerror = (e) => this.#fail(new ZkpopError("PROVER_EXITED", `the proving worker failed: ${e.message}`));
    this.#worker = w;
    this.#loadedInWorker = new Set();
    return w;
  }

  /** Ends the worker and rejects whatever it was doing. */
  #fail(err: Error) {
    this.#worker?.terminate();
    this.#worker = undefined;
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
  }

  #call(msg: Request, opts: ProveOptions): Promise<FromWorker> {
    if (opts.signal?.aborted)
      return Promise.reject(new ZkpopError("PROOF_CANCELLED", "the proof was cancelled"));
    const worker = this.#start();
    const id = this.#nextId++;
    return new Promise<FromWorker>((resolve, reject) => {
      const onAbort = () => this.#fail(new ZkpopError("PROOF_CANCELLED", "the proof was cancelled"));
      opts.signal?.addEventListener("abort", onAbort, { once: true });
      const done = () => opts.signal?.removeEventListener("abort", onAbort);
      this.#pending.set(id, {
        resolve: (m) => {
          done();
          resolve(m);
        },
        reject: (e) => {
          done();
          reject(e);
        },
        onProgress: opts.onProgress,
      });
      worker.postMessage({ ...msg, id } as ToWorker);
    });
  }

  #enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(job, job);
    this.#queue = run.catch(() => {});
    return run;
  }

  /**
   * Downloads (or takes from Cache Storage) and checks a circuit's wasm and proving key, and
   * prepares the worker to prove with them. Reports, per file, whether it was downloaded.
   */
  load(circuit: CircuitArtifacts, opts: ProveOptions = {}): Promise<ArtifactReport[]> {
    return this.#enqueue(async () => {
      const held = this.#circuits.get(circuit.name);
      const same =
        held?.artifacts.wasm.sha256 === circuit.wasm.sha256 &&
        held.artifacts.zkey.sha256 === circuit.zkey.sha256;
      if (same && this.#worker && this.#loadedInWorker.has(circuit.name))
        return held.reports.map((r) => ({ ...r, fromCache: true })); // already in the worker's memory
      const m = await this.#call(
        { type: "load", circuit, cacheName: this.#cacheName, singleThread: this.#singleThread },
        opts,
      );
      const reports = (m as Extract<FromWorker, { type: "loaded" }>).artifacts;
      this.#circuits.set(circuit.name, { artifacts: circuit, reports });
      this.#loadedInWorker.add(circuit.name);
      return reports;
    });
  }

  /** Computes the witness and the Groth16 proof for `input` in the worker. */
  prove(circuit: string, input: Record<string, unknown>, opts: ProveOptions = {}): Promise<WorkerProof> {
    return this.#enqueue(async () => {
      const artifacts = this.#circuits.get(circuit)?.artifacts;
      if (!artifacts) throw new ZkpopError("PROVER_NOT_LOADED", `load() the "${circuit}" circuit first`);
      if (!this.#worker || !this.#loadedInWorker.has(circuit)) {
        // A fresh worker (after a cancellation): the files come back from Cache Storage.
        await this.#call(
          { type: "load", circuit: artifacts, cacheName: this.#cacheName, singleThread: this.#singleThread },
          opts,
        );
        this.#loadedInWorker.add(circuit);
      }
      const m = await this.#call({ type: "prove", circuit, input }, opts);
      const { proof, publicSignals, witnessMs, proveMs } = m as Extract<FromWorker, { type: "proved" }>;
      return { proof, publicSignals, witnessMs, proveMs };
    });
  }

  /** Stops the worker; later calls start a new one. */
  terminate(): void {
    this.#fail(new ZkpopError("PROOF_CANCELLED", "the prover was terminated"));
  }
}
