import { ArgumentError, ZkpopError } from "@zkpop/errors";
/**
 * Groups items that arrive close together into one call of `run`, so a whole batch of proofs
 * shares one final exponentiation. A batch leaves when it is full, when the window since its
 * first item has passed, or at once when a runner frees up while items are already waiting
 * (under load they have waited long enough). At most `concurrency` batches run at a time.
 */
export interface MicroBatcherOptions<T, R> {
  /** How long the first item of a batch waits for company (0: same tick only). */
  windowMs: number;
  maxSize: number;
  /** Batches in flight at once (one per verifier process). */
  concurrency: number;
  /** Must resolve with one result per item, in order. */
  run(items: T[]): Promise<R[]>;
}

interface Pending<T, R> {
  item: T;
  resolve(r: R): void;
  reject(e: unknown): void;
}

/** Runs items that arrive close together as one batch (see MicroBatcherOptions). */
export class MicroBatcher<T, R> {
  readonly #o: MicroBatcherOptions<T, R>;
  #queue: Pending<T, R>[] = [];
  #inFlight = 0;
  #timer: NodeJS.Timeout | NodeJS.Immediate | undefined;
  /** Sizes of the batches sent so far (for metrics and tests). */
  onBatch?: (size: number) => void;

  constructor(options: MicroBatcherOptions<T, R>) {
    if (options.maxSize < 1 || options.concurrency < 1)
      throw new ArgumentError("maxSize and concurrency must be >= 1");
    this.#o = options;
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      if (this.#queue.length >= this.#o.maxSize) this.#flush();
      else this.#arm();
    });
  }

  get pending(): number {
    return this.#queue.length;
  }

  #arm(): void {
    if (this.#timer !== undefined) return;
    const fire = () => {
      this.#timer = undefined;
      this.#flush();
    };
    this.#timer = this.#o.windowMs > 0 ? setTimeout(fire, this.#o.windowMs) : setImmediate(fire);
  }

  #disarm(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer as NodeJS.Timeout);
    clearImmediate(this.#timer as NodeJS.Immediate);
    this.#timer = undefined;
  }

  #flush(): void {
    while (this.#queue.length > 0 && this.#inFlight < this.#o.concurrency) {
      const batch = this.#queue.splice(0, this.#o.maxSize);
      this.#inFlight++;
      this.onBatch?.(batch.length);
      this.#o
        .run(batch.map((p) => p.item))
        .then((results) => {
          if (results.length !== batch.length)
            throw new ZkpopError("INTERNAL", "batch runner returned a wrong count");
          batch.forEach((p, i) => {
            p.resolve(results[i] as R);
          });
        })
        .catch((err) => {
          for (const p of batch) p.reject(err);
        })
        .finally(() => {
          this.#inFlight--;
          // Whatever queued meanwhile has already waited: send it now.
          if (this.#queue.length > 0) this.#flush();
        });
    }
    if (this.#queue.length === 0) this.#disarm();
  }
}
