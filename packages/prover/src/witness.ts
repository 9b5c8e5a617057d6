import { readFile } from "node:fs/promises";
import { type WitnessCalculator, WitnessCalculatorBuilder } from "circom_runtime";
import { WitnessError } from "./errors.js";

/** Circuit inputs: signal name -> value (nested arrays for array signals). */
export type CircuitInput = Record<string, unknown>;

/** A witness generator with its wasm compiled once, for repeated witnesses. */
export class WitnessGenerator {
  private constructor(private readonly calc: WitnessCalculator) {}

  static async fromWasm(wasm: string | Uint8Array): Promise<WitnessGenerator> {
    const code = typeof wasm === "string" ? await readFile(wasm) : wasm;
    return new WitnessGenerator(await WitnessCalculatorBuilder(code));
  }

  /** The full witness (wire 0 is the constant 1). Fails when a circuit assertion fails. */
  async witness(input: CircuitInput): Promise<bigint[]> {
    try {
      return await this.calc.calculateWitness(input, true);
    } catch (e) {
      throw new WitnessError(`witness generation failed: ${(e as Error).message}`, { cause: e });
    }
  }

  /** The witness in snarkjs' binary .wtns layout, ready for groth16.prove. */
  async wtns(input: CircuitInput): Promise<Uint8Array> {
    try {
      return await this.calc.calculateWTNSBin(input, true);
    } catch (e) {
      throw new WitnessError(`witness generation failed: ${(e as Error).message}`, { cause: e });
    }
  }
}
