/** snarkjs' JSON shapes for Groth16 on bn128. Coordinates are decimal strings. */
export type G1Json = [string, string, string];
export type G2Json = [[string, string], [string, string], [string, string]];

export interface VerificationKey {
  protocol: "groth16";
  curve: "bn128";
  nPublic: number;
  vk_alpha_1: G1Json;
  vk_beta_2: G2Json;
  vk_gamma_2: G2Json;
  vk_delta_2: G2Json;
  IC: G1Json[];
  [extra: string]: unknown;
}

export interface Groth16Proof {
  pi_a: G1Json;
  pi_b: G2Json;
  pi_c: G1Json;
  protocol: "groth16";
  curve: "bn128";
}

/** One statement to verify: a proof and its public signals (decimal strings). */
export interface ProofItem {
  proof: Groth16Proof;
  publicSignals: readonly string[];
}
