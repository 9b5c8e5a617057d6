export {
  encodeCall,
  proofWords,
  type SolidityProof,
  selector,
  solidityProof,
  verifyProofArguments,
  verifyProofCalldata,
} from "./calldata.js";
export { EvmCallError, SolidityCompileError } from "./errors.js";
export { type CallResult, calldataGas, decodeBool, LocalEvm } from "./evm.js";
export { LocalVerifier } from "./local-verifier.js";
export {
  MEMBERSHIP_CONTRACT,
  membershipSolidity,
  VERIFY_AND_RECORD,
  verifyAndRecordCalldata,
} from "./membership-solidity.js";
export { type CompiledContract, compileSolidity, solcVersion } from "./solc.js";
export { groth16VerifierSolidity } from "./verifier-solidity.js";
