import { ArgumentError } from "@zkpop/errors";
import { isCanonicalField as isCanonical } from "@zkpop/prover";

// One value has exactly one text form (decimal, no sign, no leading zeros, below p), so the
// same proof cannot be replayed under a second spelling ("07", "0x7", x + p).
export function isCanonicalField(value: unknown): value is string {
  return typeof value === "string" && isCanonical(value);
}

/** 32-byte big-endian encoding of a canonical field element. */
export function fieldToBytes(value: string): Uint8Array {
  if (!isCanonicalField(value)) throw new ArgumentError("not a canonical field element");
  const out = new Uint8Array(32);
  let v = BigInt(value);
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
