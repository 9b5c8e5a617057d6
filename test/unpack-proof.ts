import type { Groth16Proof } from "@zkpop/prover";

/** snarkjs' proof JSON from Semaphore's packed points (a, b with imaginary parts first, c). */
export function unpack(p: readonly string[]): Groth16Proof {
  return {
    pi_a: [p[0]!, p[1]!, "1"],
    pi_b: [
      [p[3]!, p[2]!],
      [p[5]!, p[4]!],
      ["1", "0"],
    ],
    pi_c: [p[6]!, p[7]!, "1"],
    protocol: "groth16",
    curve: "bn128",
  };
}
