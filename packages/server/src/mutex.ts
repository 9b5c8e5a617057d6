/** Minimal FIFO async mutex: keeps one process's tree mutations strictly one at a time. */
export class Mutex {
  #tail: Promise<void> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn);
    // The chain continues whether fn resolved or threw.
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
