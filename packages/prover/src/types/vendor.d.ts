// Minimal typings for the untyped snarkjs toolchain we rely on.
declare module "snarkjs" {
  export const groth16: {
    prove(
      zkey: unknown,
      witness: unknown,
      logger?: unknown,
    ): Promise<{ proof: Groth16Proof; publicSignals: string[] }>;
    fullProve(
      input: unknown,
      wasm: unknown,
      zkey: unknown,
      logger?: unknown,
    ): Promise<{ proof: Groth16Proof; publicSignals: string[] }>;
    verify(vkey: unknown, publicSignals: unknown, proof: unknown, logger?: unknown): Promise<boolean>;
  };
  export const curves: {
    /** Builds (once per process; cached by ffjavascript) the curve with its worker threads. */
    getCurveFromName(name: string, options?: { singleThread?: boolean }): Promise<unknown>;
  };
  export const zKey: {
    newZKey(r1cs: unknown, ptau: unknown, zkey: unknown, logger?: unknown): Promise<unknown>;
    contribute(
      oldZkey: unknown,
      newZkey: unknown,
      name: string,
      entropy: string,
      logger?: unknown,
    ): Promise<unknown>;
    beacon(
      oldZkey: unknown,
      newZkey: unknown,
      name: string,
      beaconHash: string,
      numIterationsExp: number,
      logger?: unknown,
    ): Promise<unknown>;
    verifyFromR1cs(r1cs: unknown, ptau: unknown, zkey: unknown, logger?: unknown): Promise<boolean>;
    exportVerificationKey(zkey: unknown, logger?: unknown): Promise<Record<string, unknown>>;
    exportJson(zkey: unknown, logger?: unknown): Promise<Record<string, unknown>>;
  };
  export const wtns: {
    calculate(input: unknown, wasm: unknown, wtns: unknown, options?: unknown): Promise<void>;
    exportJson(wtns: unknown): Promise<bigint[]>;
  };
  export const r1cs: {
    info(
      r1cs: unknown,
      logger?: unknown,
    ): Promise<{
      nConstraints: number;
      nVars: number;
      nOutputs: number;
      nPubInputs: number;
      nPrvInputs: number;
      nLabels: number;
    }>;
  };
  export const powersOfTau: {
    newAccumulator(curve: unknown, power: number, file: string, logger?: unknown): Promise<unknown>;
    contribute(
      oldPtau: string,
      newPtau: string,
      name: string,
      entropy: string,
      logger?: unknown,
    ): Promise<unknown>;
    preparePhase2(oldPtau: string, newPtau: string, logger?: unknown): Promise<unknown>;
    beacon(
      oldPtau: string,
      newPtau: string,
      name: string,
      beaconHash: string,
      numIterationsExp: number,
      logger?: unknown,
    ): Promise<unknown>;
  };
  export interface Groth16Proof {
    pi_a: string[];
    pi_b: string[][];
    pi_c: string[];
    protocol: string;
    curve: string;
  }
}
declare module "ffjavascript" {
  // biome-ignore lint/suspicious/noExplicitAny: untyped wasm curve object
  export function buildBn128(singleThread?: boolean): Promise<any>;
  export const utils: {
    unstringifyBigInts(x: unknown): unknown;
    stringifyBigInts(x: unknown): unknown;
  };
}
declare module "@iden3/binfileutils" {
  // biome-ignore lint/suspicious/noExplicitAny: untyped fastfile descriptor
  export type Fd = any;
  export function createBinFile(
    name: string,
    type: string,
    version: number,
    nSections: number,
    cacheSize?: number,
    pageSize?: number,
  ): Promise<Fd>;
  export function startWriteSection(fd: Fd, idSection: number): Promise<void>;
  export function endWriteSection(fd: Fd): Promise<void>;
  export function readBinFile(
    name: string,
    type: string,
    maxVersion: number,
    cacheSize?: number,
    pageSize?: number,
  ): Promise<{ fd: Fd; sections: Array<Array<{ p: number; size: number }>> }>;
  export function readSection(
    fd: Fd,
    sections: unknown,
    idSection: number,
    offset?: number,
    length?: number,
  ): Promise<Uint8Array>;
}
declare module "r1csfile" {
  export function readR1cs(
    file: unknown,
    options?: { loadConstraints?: boolean; loadMap?: boolean; getFieldFromPrime?: unknown },
  ): Promise<{
    n8: number;
    prime: bigint;
    nVars: number;
    nOutputs: number;
    nPubInputs: number;
    nPrvInputs: number;
    nLabels: number;
    nConstraints: number;
    constraints: Array<[Record<string, bigint>, Record<string, bigint>, Record<string, bigint>]>;
    curve: { terminate(): Promise<void> };
  }>;
}
declare module "circom_runtime" {
  export interface WitnessCalculator {
    calculateWitness(input: Record<string, unknown>, sanityCheck?: boolean): Promise<bigint[]>;
    calculateWTNSBin(input: Record<string, unknown>, sanityCheck?: boolean): Promise<Uint8Array>;
  }
  export function WitnessCalculatorBuilder(
    code: Uint8Array,
    options?: Record<string, unknown>,
  ): Promise<WitnessCalculator>;
}
