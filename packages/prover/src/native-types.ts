import type { NativeDevSetup } from "./native-setup.js";
import type { NativeVerifierClass } from "./native-verifier.js";
import type { Groth16Proof } from "./vkey.js";

/** Points as decimal affine coordinates, ["0", "0"] for infinity; G2 coordinates are [c0, c1]. */
export type G1Dec = [string, string];
export type G2Dec = [[string, string], [string, string]];

/** Field and curve operations on decimal strings, for tests against other implementations. */
export interface NativeArith {
  fq(op: "add" | "sub" | "mul" | "sqr" | "neg" | "inv", a: string, b?: string): string;
  fr(op: "add" | "sub" | "mul" | "sqr" | "neg" | "inv", a: string, b?: string): string;
  fq2(op: "add" | "sub" | "mul" | "sqr" | "inv", a: [string, string], b?: [string, string]): [string, string];
  g1(op: "onCurve", p: G1Dec): boolean;
  g1(op: "dbl" | "neg", p: G1Dec): G1Dec;
  g1(op: "add" | "addMixed", p: G1Dec, q: G1Dec): G1Dec;
  g1(op: "mul", p: G1Dec, scalar: string): G1Dec;
  g2(op: "onCurve", p: G2Dec): boolean;
  g2(op: "dbl" | "neg", p: G2Dec): G2Dec;
  g2(op: "add" | "addMixed", p: G2Dec, q: G2Dec): G2Dec;
  g2(op: "mul", p: G2Dec, scalar: string): G2Dec;
  /** copies > 1 (2, 4, 8) runs it on shifted copies of the points, as with a key's MSM tables. */
  g1Msm(points: G1Dec[], scalars: string[], copies?: number): G1Dec;
  g2Msm(points: G2Dec[], scalars: string[], copies?: number): G2Dec;
  /** Forward NTT on ffjavascript's roots of unity, or the inverse (scaled by 1/n). */
  ntt(values: string[], inverse?: boolean): string[];
}

/** A Groth16 proving key parsed once into native memory (`new addon.ProvingKey(zkeyPathOrBytes)`). */
export interface NativeProvingKey {
  readonly nVars: number;
  readonly nPublic: number;
  readonly domainSize: number;
  /** Proves on a libuv worker thread (all cores); rejects with code PROOF_CANCELLED after cancel(). */
  prove(wtns: Uint8Array): Promise<{ proof: Groth16Proof; publicSignals: string[] }>;
  /** Stops every proof of this key that is still running. */
  cancel(): void;
  /**
   * The key's MSM tables (shifted copies of its points, built on a background thread after
   * load; proofs before `ready` run without them): copies 1 means none fit the budget.
   */
  readonly msmTables: { copies: number; bytes: number; ready: boolean; buildMs: number };
}

/** ProvingKey options: extra memory allowed for MSM tables (default ZKPOP_MSM_TABLE_MB or 8 MB). */
export interface NativeProvingKeyOptions {
  msmTableBytes?: number;
}

/** The compiled addon (native/build/Release/zkpop_native.node). */
export interface NativeAddon {
  /** mulx: whether field products use the BMI2/ADX code (ZKPOP_NO_ADX=1 turns it off). */
  buildInfo: { threads: number; compiler: string; mulx: boolean };
  arith: NativeArith;
  /** A file path is mapped by the addon (no copy in the JS heap); bytes are parsed in place. */
  ProvingKey: new (
    zkey: string | Uint8Array,
    options?: NativeProvingKeyOptions,
  ) => NativeProvingKey;
  /** Groth16 verification and batch verification (native-verifier.ts wraps it). */
  NativeVerifier: NativeVerifierClass;
  /** Development setup from toxic waste (native-setup.ts wraps it). */
  devSetup: NativeDevSetup;
}
