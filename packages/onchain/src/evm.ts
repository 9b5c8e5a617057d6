import { type Address, createAddressFromString } from "@ethereumjs/util";
import { createVM, type VM } from "@ethereumjs/vm";
import { EvmCallError } from "./errors.js";

export interface CallResult {
  returnValue: Uint8Array;
  /** Gas the EVM spent executing the call (what the contract costs). */
  executionGas: bigint;
  /** What a transaction carrying this call pays: 21,000 + calldata (EIP-2028) + execution. */
  transactionGas: bigint;
}

/** Intrinsic gas of a call transaction's data: 16 per non-zero byte, 4 per zero byte (EIP-2028). */
export function calldataGas(data: Uint8Array): bigint {
  let g = 0n;
  for (const b of data) g += b === 0 ? 4n : 16n;
  return g;
}

const GAS_LIMIT = 30_000_000n;

/**
 * An in-process Ethereum VM (@ethereumjs/vm, no network): deploy creation bytecode, send calls
 * from a fixed caller, read gas. State persists between calls, so a contract that records
 * nullifiers refuses the second use.
 */
export class LocalEvm {
  private constructor(
    private readonly vm: VM,
    readonly caller: Address,
  ) {}

  static async create(): Promise<LocalEvm> {
    return new LocalEvm(await createVM(), createAddressFromString(`0x${"11".repeat(20)}`));
  }

  /** Deploys `bytecode` followed by the ABI-encoded constructor arguments; returns the address. */
  async deploy(bytecode: Uint8Array, constructorArgs: Uint8Array = new Uint8Array()): Promise<Address> {
    const data = new Uint8Array(bytecode.length + constructorArgs.length);
    data.set(bytecode);
    data.set(constructorArgs, bytecode.length);
    const r = await this.vm.evm.runCall({ caller: this.caller, data, gasLimit: GAS_LIMIT });
    if (r.execResult.exceptionError || !r.createdAddress)
      throw new EvmCallError(
        `deployment failed: ${r.execResult.exceptionError?.error ?? "no address"}`,
        r.execResult.returnValue,
      );
    return r.createdAddress;
  }

  /** Sends `data` to `to` (from the default caller unless `from`); throws EvmCallError (with the revert data) when it reverts. */
  async call(to: Address, data: Uint8Array, from: Address = this.caller): Promise<CallResult> {
    const r = await this.vm.evm.runCall({ caller: from, to, data, gasLimit: GAS_LIMIT });
    const { exceptionError, returnValue, executionGasUsed } = r.execResult;
    if (exceptionError) throw new EvmCallError(`call reverted: ${exceptionError.error}`, returnValue);
    return {
      returnValue,
      executionGas: executionGasUsed,
      transactionGas: 21_000n + calldataGas(data) + executionGasUsed,
    };
  }
}

/** A 32-byte ABI bool. */
export function decodeBool(ret: Uint8Array): boolean {
  if (ret.length !== 32) throw new EvmCallError(`expected a 32-byte bool, got ${ret.length} bytes`, ret);
  return ret[31] === 1 && ret.slice(0, 31).every((b) => b === 0);
}
