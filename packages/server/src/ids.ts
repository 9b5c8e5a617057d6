import { createHash } from "node:crypto";

/** Stable short id of an attester key, for admin URLs (128 bits of SHA-256 over "x,y"). */
export function attesterId(publicKey: readonly [string, string]): string {
  return createHash("sha256").update(`${publicKey[0]},${publicKey[1]}`).digest("hex").slice(0, 32);
}
