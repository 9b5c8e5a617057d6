import { ZkpopError } from "@zkpop/prover";

/** solc refused a contract (the message carries solc's formatted errors). */
export class SolidityCompileError extends ZkpopError {
  constructor(message: string) {
    super("SOLIDITY_COMPILE_FAILED", message);
  }
}

/** A call or deployment in the local EVM reverted or ran out of gas. */
export class EvmCallError extends ZkpopError {
  constructor(
    message: string,
    readonly returnValue: Uint8Array,
  ) {
    super("EVM_CALL_FAILED", message);
  }
}
