import { readFile } from "node:fs/promises";
import { WitnessError } from "./errors.js";

/** Circuit inputs: signal name -> value (nested arrays for array signals). */
export type CircuitInput = Record<string, unknown>;

// Node's global WebAssembly, typed for what this file uses (the project's libs have no DOM types).
declare const WebAssembly: {
  instantiate(
    code: Uint8Array,
    imports: Record<string, Record<string, unknown>>,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

/** The exports of a wasm witness calculator compiled by circom 2. */
interface Circom2Exports {
  memory: { buffer: ArrayBuffer };
  getVersion(): number;
  getFieldNumLen32(): number;
  getRawPrime(): void;
  readSharedRWMemory(i: number): number;
  writeSharedRWMemory(i: number, v: number): void;
  init(sanityCheck: number): void;
  setInputSignal(hMSB: number, hLSB: number, i: number): void;
  getInputSignalSize(hMSB: number, hLSB: number): number;
  getInputSize(): number;
  getWitnessSize(): number;
  getWitness(i: number): void;
  getMessageChar(): number;
}

const CIRCOM_ERRORS: Record<number, string> = {
  1: "Signal not found.",
  2: "Too many signals set.",
  3: "Signal already set.",
  4: "Assert Failed.",
  5: "Not enough memory.",
  6: "Input signal array access exceeds the size.",
  7: "Out of bounds array access.",
};

/**
 * A witness generator with its wasm compiled once, for repeated witnesses.
 *
 * Hand-written (after circom's own generated witness_calculator.js) rather than circom_runtime:
 * that package imports ffjavascript for two bigint helpers, about 12 MB of resident memory in a
 * prover process that needs nothing else of it, and reserves a 2 GB wasm memory that circom 2
 * circuits never use. Only circom 2 wasm is supported (every circuit here is compiled by it).
 */
export class WitnessGenerator {
  private readonly n32: number;
  private readonly prime: bigint;
  /** Number of witness values (wire 0 is the constant 1). */
  readonly witnessSize: number;
  private errors = "";
  private scratch?: Uint32Array;

  private constructor(private readonly ex: Circom2Exports) {
    this.n32 = ex.getFieldNumLen32();
    ex.getRawPrime();
    this.prime = this.readShared();
    this.witnessSize = ex.getWitnessSize();
  }

  static async fromWasm(wasm: string | Uint8Array): Promise<WitnessGenerator> {
    const code = typeof wasm === "string" ? await readFile(wasm) : wasm;
    let gen: WitnessGenerator | undefined;
    const message = () => {
      let s = "";
      for (let c = gen!.ex.getMessageChar(); c !== 0; c = gen!.ex.getMessageChar())
        s += String.fromCharCode(c);
      return s;
    };
    const { instance } = await WebAssembly.instantiate(code, {
      runtime: {
        exceptionHandler: (code: number) => {
          throw new WitnessError(`${CIRCOM_ERRORS[code] ?? "Unknown error."} ${gen!.errors}`.trim());
        },
        printErrorMessage: () => {
          gen!.errors += `${message()}\n`;
        },
        // circuit log() output: not shown (a prover process has no console worth writing to).
        writeBufferMessage: () => void message(),
        showSharedRWMemory: () => undefined,
      },
    });
    const ex = instance.exports as unknown as Circom2Exports;
    if (typeof ex.getVersion !== "function" || ex.getVersion() !== 2)
      throw new WitnessError("the witness wasm is not from circom 2");
    gen = new WitnessGenerator(ex);
    return gen;
  }

  /** The full witness (wire 0 is the constant 1). Fails when a circuit assertion fails. */
  async witness(input: CircuitInput): Promise<bigint[]> {
    this.calculate(input);
    const w = new Array<bigint>(this.witnessSize);
    for (let i = 0; i < this.witnessSize; i++) {
      this.ex.getWitness(i);
      w[i] = this.readShared();
    }
    return w;
  }

  /**
   * The witness in snarkjs' binary .wtns layout (version 2: a header section with the prime and
   * the count, then the values, 32 bytes little-endian each), ready for groth16.prove.
   * With `reuse`, the bytes are written into one buffer kept by this generator and overwritten
   * by the next `reuse` call: for a caller that consumes them at once (the native prover copies
   * them), so no witness-sized garbage piles up between collections.
   */
  async wtns(input: CircuitInput, opts: { reuse?: boolean } = {}): Promise<Uint8Array> {
    this.calculate(input);
    const n32 = this.n32;
    const header = 11 + n32; // u32 words before the values; every word is written below
    const words = header + this.witnessSize * n32;
    if (opts.reuse && !this.scratch) this.scratch = new Uint32Array(words);
    const out = opts.reuse ? this.scratch! : new Uint32Array(words);
    out.set([0x736e7477, 2, 2, 1, 8 + 4 * n32, 0, 4 * n32]); // "wtns", v2, 2 sections, section 1 and its size, n8
    this.ex.getRawPrime();
    for (let j = 0; j < n32; j++) out[7 + j] = this.ex.readSharedRWMemory(j);
    const size2 = 4 * n32 * this.witnessSize;
    out.set([this.witnessSize, 2, size2 % 2 ** 32, Math.floor(size2 / 2 ** 32)], 7 + n32);
    let pos = header;
    for (let i = 0; i < this.witnessSize; i++, pos += n32) {
      this.ex.getWitness(i);
      for (let j = 0; j < n32; j++) out[pos + j] = this.ex.readSharedRWMemory(j);
    }
    return new Uint8Array(out.buffer);
  }

  private calculate(input: CircuitInput): void {
    const ex = this.ex;
    this.errors = "";
    try {
      ex.init(1); // with sanity checks
      let count = 0;
      for (const [name, value] of Object.entries(input)) {
        const [hMSB, hLSB] = fnvHash(name);
        const values = flatten(value);
        const size = ex.getInputSignalSize(hMSB, hLSB);
        if (size < 0) throw new WitnessError(`Signal ${name} not found`);
        if (values.length !== size)
          throw new WitnessError(
            `${values.length < size ? "Not enough" : "Too many"} values for input signal ${name}`,
          );
        for (let i = 0; i < values.length; i++) {
          this.writeShared(toField(values[i], this.prime));
          ex.setInputSignal(hMSB, hLSB, i);
          count++;
        }
      }
      if (count < ex.getInputSize())
        throw new WitnessError(`Not all inputs have been set. Only ${count} out of ${ex.getInputSize()}`);
    } catch (e) {
      throw new WitnessError(`witness generation failed: ${(e as Error).message}`, { cause: e });
    }
  }

  /** The field element in the shared read/write area (n32 little-endian u32 words). */
  private readShared(): bigint {
    let v = 0n;
    for (let j = this.n32 - 1; j >= 0; j--) v = (v << 32n) | BigInt(this.ex.readSharedRWMemory(j) >>> 0);
    return v;
  }

  private writeShared(v: bigint): void {
    for (let j = 0; j < this.n32; j++, v >>= 32n) this.ex.writeSharedRWMemory(j, Number(v & 0xffffffffn));
  }
}

function flatten(v: unknown, out: unknown[] = []): unknown[] {
  if (Array.isArray(v)) for (const x of v) flatten(x, out);
  else out.push(v);
  return out;
}

/** The input as a field element (negative values wrap around the prime, as circom's runtime does). */
function toField(v: unknown, prime: bigint): bigint {
  let n: bigint;
  try {
    n = BigInt(v as string | number | bigint | boolean);
  } catch {
    throw new WitnessError(`input value ${String(v)} is not an integer`);
  }
  n %= prime;
  return n < 0n ? n + prime : n;
}

/** 64-bit FNV-1a of a signal name, as the two u32 halves circom's wasm takes. */
function fnvHash(s: string): [number, number] {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < s.length; i++) {
    h ^= BigInt(s.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return [Number(h >> 32n), Number(h & 0xffffffffn)];
}
