import type { Address } from "@ethereumjs/util";
import type { Groth16Proof, VerificationKey } from "@zkpop/prover";
import { verifyProofCalldata } from "./calldata.js";
import { type CallResult, decodeBool, LocalEvm } from "./evm.js";
import { compileSolidity } from "./solc.js";
import { groth16VerifierSolidity } from "./verifier-solidity.js";

/**
 * The exported Solidity verifier of a key, compiled with solc-js and deployed in an in-process
 * EVM: what a chain would run, without a chain. For tests, benchmarks and `--check` in the CLI.
 */
export class LocalVerifier {
  private constructor(
    readonly evm: LocalEvm,
    readonly address: Address,
    readonly source: string,
  ) {}

  static async deploy(vkey: VerificationKey, contractName = "Groth16Verifier"): Promise<LocalVerifier> {
    const source = groth16VerifierSolidity(vkey, contractName);
    const c = compileSolidity({ [`${contractName}.sol`]: source })[contractName]!;
    const evm = await LocalEvm.create();
    return new LocalVerifier(evm, await evm.deploy(c.bytecode), source);
  }

  /** `verifyProof` on chain: its boolean answer and the gas it took. */
  async verify(
    proof: Groth16Proof,
    publicSignals: readonly string[],
  ): Promise<CallResult & { valid: boolean }> {
    const r = await this.evm.call(this.address, verifyProofCalldata(proof, publicSignals));
    return { ...r, valid: decodeBool(r.returnValue) };
  }
}
