// Minimal typings for the untyped snarkjs toolchain, as far as the browser worker uses it.
declare module "snarkjs" {
  export const groth16: {
    prove(
      zkey: Uint8Array,
      witness: Uint8Array,
      logger?: {
        debug(msg: string): void;
        info(msg: string): void;
        warn(msg: string): void;
        error(msg: string): void;
      },
      /** singleThread: no nested workers (snarkjs passes it on to ffjavascript's curve). */
      options?: { singleThread?: boolean },
    ): Promise<{ proof: import("@zkpop/prover").Groth16Proof; publicSignals: string[] }>;
  };
  export const curves: { getCurveFromName(name: string): Promise<unknown> };
}

declare module "circom_runtime" {
  export interface WitnessCalculator {
    calculateWTNSBin(input: Record<string, unknown>, sanityCheck: boolean): Promise<Uint8Array>;
  }
  export function WitnessCalculatorBuilder(code: Uint8Array): Promise<WitnessCalculator>;
}
