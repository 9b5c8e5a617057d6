import { ZkpopError } from "@zkpop/errors";
import { poseidon16 } from "poseidon-lite";

/** Pixels packed per field element: 31 bytes stay below the BN254 scalar field. */
const PER_ELEMENT = 31;
const PER_CALL = 15;

/**
 * imageHash exactly as `circuits/enroll/image_hash.circom` computes it: pixels (bytes) packed
 * 31 to a field element little-endian, absorbed 15 elements at a time into a Poseidon(16)
 * chain that starts from the pixel count.
 */
export function imageHash(pixels: Uint8Array): bigint {
  if (!(pixels instanceof Uint8Array) || pixels.length === 0) {
    throw new ZkpopError("CAPTURE_EMPTY", "imageHash needs a non-empty Uint8Array of grey pixels");
  }
  const packed: bigint[] = [];
  for (let e = 0; e * PER_ELEMENT < pixels.length; e++) {
    let acc = 0n;
    const end = Math.min(pixels.length, (e + 1) * PER_ELEMENT);
    for (let i = end - 1; i >= e * PER_ELEMENT; i--) acc = (acc << 8n) | BigInt(pixels[i]!);
    packed.push(acc);
  }
  let state = BigInt(pixels.length);
  for (let c = 0; c * PER_CALL < packed.length; c++) {
    const chunk = Array.from({ length: PER_CALL }, (_, j) => packed[c * PER_CALL + j] ?? 0n);
    state = poseidon16([state, ...chunk]);
  }
  return state;
}
