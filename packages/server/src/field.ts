import { ArgumentError } from "@zkpop/errors";
import { isCanonicalField } from "@zkpop/prover";

/** 32-byte big-endian encoding of a canonical field element (a decimal string, see isCanonicalField). */
export function fieldToBytes(value: string): Uint8Array {
  if (typeof value !== "string" || !isCanonicalField(value))
    throw new ArgumentError("not a canonical field element");
  const out = new Uint8Array(32);
  let v = BigInt(value);
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
