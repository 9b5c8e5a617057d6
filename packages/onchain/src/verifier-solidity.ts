import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { MalformedProofError, type VerificationKey } from "@zkpop/prover";
import { render } from "ejs";

const require = createRequire(import.meta.url);

/** snarkjs' own Groth16 verifier template (the one `snarkjs zkey export solidityverifier` renders). */
function template(): string {
  const main = require.resolve("snarkjs"); // .../snarkjs/build/main.cjs
  return readFileSync(path.join(path.dirname(main), "..", "templates", "verifier_groth16.sol.ejs"), "utf8");
}

/**
 * Solidity source of a Groth16 verifier for `vkey` (snarkjs' template, GPL-3.0 like snarkjs):
 * `verifyProof(uint[2] a, uint[2][2] b, uint[2] c, uint[nPublic] pub) view returns (bool)`.
 * It returns false (never reverts) for a wrong proof, a public signal >= r, or a point the
 * precompiles refuse (off the curve, coordinate >= q).
 */
export function groth16VerifierSolidity(vkey: VerificationKey, contractName = "Groth16Verifier"): string {
  if (vkey?.protocol !== "groth16" || vkey.curve !== "bn128" || vkey.IC?.length !== vkey.nPublic + 1)
    throw new MalformedProofError(
      "verification key must be snarkjs groth16 on bn128 with nPublic + 1 IC points",
    );
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(contractName))
    throw new MalformedProofError(`'${contractName}' is not a Solidity identifier`);
  return render(template(), vkey as unknown as Record<string, unknown>).replace(
    "contract Groth16Verifier",
    `contract ${contractName}`,
  );
}
