import { sha256 } from "@noble/hashes/sha2.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { ZkpopError } from "@zkpop/errors";

const RP_ID = /^[a-z0-9](?:[a-z0-9.-]{0,62})$/;
const ACTION = /^[A-Za-z0-9_.-]{1,64}$/;

/** SCOPE_INVALID: an rpId, action or scope string that is not valid. */
export class ScopeError extends ZkpopError {
  constructor(message: string) {
    super("SCOPE_INVALID", message);
  }
}

/** The scope of a membership proof: one relying service (`rpId`) and one action, as `rpId:action`. */
export function scopeOf(rpId: string, action: string): string {
  if (!RP_ID.test(rpId))
    throw new ScopeError(`rpId must be 1-63 chars of a-z, 0-9, '.', '-', got ${JSON.stringify(rpId)}`);
  if (!ACTION.test(action))
    throw new ScopeError(
      `action must be 1-64 chars of A-Z, a-z, 0-9, '_', '.', '-', got ${JSON.stringify(action)}`,
    );
  return `${rpId}:${action}`;
}

/** Splits and validates `rpId:action`. */
export function parseScope(scope: string): { rpId: string; action: string } {
  const i = typeof scope === "string" ? scope.indexOf(":") : -1;
  if (i < 0) throw new ScopeError("scope must be `rpId:action`");
  const rpId = scope.slice(0, i);
  const action = scope.slice(i + 1);
  scopeOf(rpId, action);
  return { rpId, action };
}

/**
 * The field value Semaphore proves for a scope string: SHA-256 of a domain tag and the scope,
 * cut to 248 bits so that it is always below the field order whatever the scope's length.
 */
export function scopeToField(scope: string): bigint {
  parseScope(scope);
  const digest = sha256(new TextEncoder().encode(`zkpop/scope/v1:${scope}`));
  return BigInt(`0x${bytesToHex(digest)}`) >> 8n;
}

/** Semaphore v4's signal hash: keccak256 of the 32-byte big-endian value, shifted into the field. */
export function semaphoreHash(value: bigint): bigint {
  return BigInt(`0x${bytesToHex(keccak_256(hexToBytes(value.toString(16).padStart(64, "0"))))}`) >> 8n;
}
