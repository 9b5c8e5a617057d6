import { rename, writeFile } from "node:fs/promises";

/** Writes JSON through a temporary file and a rename: a crash leaves the old file or the new one. */
export async function writeJsonAtomic(file: string, value: unknown, mode?: number): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, mode === undefined ? undefined : { mode });
  await rename(tmp, file);
}
