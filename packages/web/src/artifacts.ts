import { ZkpopError } from "@zkpop/errors";
import type { ArtifactRef, ArtifactReport, Progress } from "./protocol.js";

/** The Cache Storage bucket artifacts are kept in unless the page names another. */
export const DEFAULT_CACHE_NAME = "zkpop-artifacts-v1";

const SHA256_HEX = /^[0-9a-f]{64}$/;

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

// Entries are keyed by hash, not by URL: a file is downloaded once whichever URL names it, and a
// key can never point at other content than its name says.
const cacheKey = (sha256: string) => `https://zkpop-artifacts.invalid/sha256/${sha256}`;

async function readWithProgress(
  res: Response,
  total: number | undefined,
  onProgress?: (p: Progress) => void,
) {
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let done = 0;
  for (;;) {
    const r = await reader.read();
    if (r.done) break;
    chunks.push(r.value);
    done += r.value.length;
    onProgress?.({ stage: "download", done, total, message: "downloading the proving files" });
  }
  const out = new Uint8Array(done);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * One artifact's bytes, checked against its SHA-256: from Cache Storage when a copy there still
 * has the right hash, else downloaded, checked, and only then stored. A file whose hash differs
 * is refused (ARTIFACT_HASH_MISMATCH) and never stored.
 */
export async function fetchArtifact(
  ref: ArtifactRef,
  opts: { cacheName?: string; onProgress?: (p: Progress) => void } = {},
): Promise<{ bytes: Uint8Array; report: ArtifactReport }> {
  if (!SHA256_HEX.test(ref.sha256))
    throw new ZkpopError("BAD_ARGUMENT", `not a SHA-256 (64 lower-case hex digits): ${ref.sha256}`);
  const cache = await caches.open(opts.cacheName ?? DEFAULT_CACHE_NAME);
  const hit = await cache.match(cacheKey(ref.sha256));
  if (hit) {
    const bytes = new Uint8Array(await hit.arrayBuffer());
    if ((await sha256Hex(bytes)) === ref.sha256)
      return { bytes, report: { sha256: ref.sha256, bytes: bytes.length, fromCache: true } };
    await cache.delete(cacheKey(ref.sha256)); // damaged on disk: fetch it again
  }
  let res: Response;
  try {
    res = await fetch(ref.url);
  } catch (e) {
    throw new ZkpopError("TRANSPORT_FAILED", `could not download ${ref.url}: ${(e as Error).message}`);
  }
  if (!res.ok) throw new ZkpopError("TRANSPORT_FAILED", `${ref.url} answered ${res.status}`);
  const length = Number(res.headers.get("content-length")) || ref.bytes;
  const bytes = await readWithProgress(res, length, opts.onProgress);
  const actual = await sha256Hex(bytes);
  if (actual !== ref.sha256)
    throw new ZkpopError(
      "ARTIFACT_HASH_MISMATCH",
      `${ref.url}: its SHA-256 is ${actual}, the registry announced ${ref.sha256}; the file was refused`,
    );
  await cache.put(
    cacheKey(ref.sha256),
    new Response(bytes as Uint8Array<ArrayBuffer>, {
      headers: { "content-type": "application/octet-stream" },
    }),
  );
  return { bytes, report: { sha256: ref.sha256, bytes: bytes.length, fromCache: false } };
}
