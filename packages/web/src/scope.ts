// TEMPORARY copy of @zkpop/core's scope hashing (core's index is Node-only until the packages
// issue lands); replaced by an import from core's browser entry.
import { sha256 } from "@noble/hashes/sha2.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { WebError } from "./errors.js";

const RP_ID = /^[a-z0-9](?:[a-z0-9.-]{0,62})$/;
const ACTION = /^[A-Za-z0-9_.-]{1,64}$/;

export function scopeToField(scope: string): bigint {
  const i = scope.indexOf(":");
  if (i < 0 || !RP_ID.test(scope.slice(0, i)) || !ACTION.test(scope.slice(i + 1)))
    throw new WebError("SCOPE_INVALID", "scope must be `rpId:action`");
  return BigInt(`0x${bytesToHex(sha256(new TextEncoder().encode(`zkpop/scope/v1:${scope}`)))}`) >> 8n;
}

export function semaphoreHash(value: bigint): bigint {
  return BigInt(`0x${bytesToHex(keccak_256(hexToBytes(value.toString(16).padStart(64, "0"))))}`) >> 8n;
}
