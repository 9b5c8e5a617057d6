/**
 * A lazily created shared instance: the first call starts `create`, later calls get the same
 * promise; a failed creation is forgotten, so the next call tries again (a missing key file or
 * a full disk must not poison the process for good).
 */
export function sharedInstance<T>(create: () => Promise<T>): () => Promise<T> {
  let shared: Promise<T> | undefined;
  return () => {
    shared ??= create().catch((err: unknown) => {
      shared = undefined;
      throw err;
    });
    return shared;
  };
}
