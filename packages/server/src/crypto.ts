import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { ArgumentError } from "@zkpop/errors";
import { fieldToBytes } from "./field.js";

/**
 * Peppers dedup tags: only HMAC-SHA256(pepper, tag) is ever stored, so a stolen database
 * cannot be matched against someone's photo without the pepper (kept in config, never logged).
 */
export class TagHasher {
  readonly #pepper: Uint8Array;

  constructor(pepper: string | Uint8Array) {
    this.#pepper = typeof pepper === "string" ? new TextEncoder().encode(pepper) : Uint8Array.from(pepper);
    if (this.#pepper.length < 16) throw new ArgumentError("pepper must be at least 16 bytes");
  }

  /** Tag is a canonical decimal field element; hashed over its 32-byte big-endian form. */
  hash(tag: string): string {
    return bytesToHex(hmac(sha256, this.#pepper, fieldToBytes(tag)));
  }

  hashAll(tags: readonly string[]): string[] {
    return tags.map((t) => this.hash(t));
  }

  // Keep the pepper out of console.log / util.inspect / JSON.stringify.
  toJSON(): string {
    return "TagHasher(<redacted>)";
  }
}

const API_KEY_PREFIX = "zkpop_";

/** A fresh relying-service API key: 256 random bits, shown once, stored only as its hash. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString("base64url");
}

/** Keys are high-entropy random strings, so a plain SHA-256 is enough (no slow KDF needed). */
export function hashApiKey(apiKey: string): string {
  return createHash("sha256").update(apiKey, "utf8").digest("hex");
}

/** Constant-time string comparison (hash first so lengths never leak). */
export function safeEqual(a: string, b: string): boolean {
  const da = createHash("sha256").update(a, "utf8").digest();
  const db = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(da, db);
}

/** JSON with sorted keys, so the same proof always hashes the same way. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** Hash stored next to a nullifier: the very same proof again is idempotent, another is refused. */
export function proofHash(proof: unknown): string {
  return createHash("sha256").update(canonicalJson(proof), "utf8").digest("hex");
}
