// BN254 scalar field: every public signal and stored group value must be a canonical element.
export const SNARK_FIELD = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

// Decimal only, no sign, no leading zeros: one value has exactly one text form, so the
// same proof cannot be replayed under a second spelling (e.g. "07" or "0x7" or x + p).
const DECIMAL = /^(0|[1-9][0-9]{0,77})$/;

export function isCanonicalField(value: unknown): value is string {
  return typeof value === "string" && DECIMAL.test(value) && BigInt(value) < SNARK_FIELD;
}

/** 32-byte big-endian encoding of a canonical field element. */
export function fieldToBytes(value: string): Uint8Array {
  if (!isCanonicalField(value)) throw new RangeError("not a canonical field element");
  const out = new Uint8Array(32);
  let v = BigInt(value);
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
