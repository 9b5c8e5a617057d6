import { readFile } from "node:fs/promises";
import { ArgumentError } from "@zkpop/errors";
import { SetupError } from "./errors.js";

/** Header of a circom R1CS file (format: iden3/r1csfile, version 1). */
export interface R1csInfo {
  prime: bigint;
  nWires: number;
  nPubOut: number;
  nPubIn: number;
  nPrvIn: number;
  nConstraints: number;
}

type LinearCombination = Array<[wire: number, coeff: bigint]>;
export type Constraint = [LinearCombination, LinearCombination, LinearCombination];

class Reader {
  private pos = 0;
  private readonly view: DataView;
  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }
  seek(p: number) {
    this.pos = p;
  }
  get offset() {
    return this.pos;
  }
  u32() {
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }
  u64() {
    const lo = this.view.getUint32(this.pos, true);
    const hi = this.view.getUint32(this.pos + 4, true);
    this.pos += 8;
    return hi * 2 ** 32 + lo;
  }
  bigLE(n: number) {
    let v = 0n;
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(this.buf[this.pos + i]!);
    this.pos += n;
    return v;
  }
}

function sections(r: Reader): Map<number, { pos: number; size: number }> {
  r.seek(0);
  const magic = r.u32();
  if (magic !== 0x73633172) throw new SetupError("not an r1cs file (bad magic)");
  r.u32(); // version
  const n = r.u32();
  const out = new Map<number, { pos: number; size: number }>();
  for (let i = 0; i < n; i++) {
    const type = r.u32();
    const size = r.u64();
    out.set(type, { pos: r.offset, size });
    r.seek(r.offset + size);
  }
  return out;
}

function parseHeader(r: Reader, s: Map<number, { pos: number; size: number }>): R1csInfo & { n8: number } {
  const h = s.get(1);
  if (!h) throw new SetupError("r1cs file has no header section");
  r.seek(h.pos);
  const n8 = r.u32();
  const prime = r.bigLE(n8);
  const nWires = r.u32();
  const nPubOut = r.u32();
  const nPubIn = r.u32();
  const nPrvIn = r.u32();
  r.u64(); // nLabels
  const nConstraints = r.u32();
  return { n8, prime, nWires, nPubOut, nPubIn, nPrvIn, nConstraints };
}

export async function readR1csInfo(file: string): Promise<R1csInfo> {
  const r = new Reader(await readFile(file));
  const { n8: _n8, ...info } = parseHeader(r, sections(r));
  return info;
}

export async function readR1cs(file: string): Promise<{ info: R1csInfo; constraints: Constraint[] }> {
  const r = new Reader(await readFile(file));
  const s = sections(r);
  const { n8, ...info } = parseHeader(r, s);
  const c = s.get(2);
  if (!c) throw new SetupError("r1cs file has no constraints section");
  r.seek(c.pos);
  const lc = (): LinearCombination => {
    const n = r.u32();
    const out: LinearCombination = [];
    for (let i = 0; i < n; i++) out.push([r.u32(), r.bigLE(n8)]);
    return out;
  };
  const constraints: Constraint[] = [];
  for (let i = 0; i < info.nConstraints; i++) constraints.push([lc(), lc(), lc()]);
  return { info, constraints };
}

/**
 * Indexes of the constraints that `witness` violates (A·w × B·w ≠ C·w mod p). Empty means
 * the witness satisfies the circuit. Soundness tests use it to show that a witness broken
 * in one place is caught, independently of the witness generator's own asserts.
 */
export function unsatisfiedConstraints(
  r1cs: { info: R1csInfo; constraints: Constraint[] },
  witness: readonly bigint[],
): number[] {
  const p = r1cs.info.prime;
  if (witness.length !== r1cs.info.nWires) {
    throw new ArgumentError(
      `witness has ${witness.length} values, the circuit has ${r1cs.info.nWires} wires`,
    );
  }
  if (witness[0] !== 1n) throw new ArgumentError("witness[0] must be 1 (the constant wire)");
  const evalLc = (lc: LinearCombination) => {
    let acc = 0n;
    for (const [w, k] of lc) acc += k * (((witness[w]! % p) + p) % p);
    return acc % p;
  };
  const bad: number[] = [];
  r1cs.constraints.forEach(([a, b, c], i) => {
    if ((evalLc(a) * evalLc(b) - evalLc(c)) % p !== 0n) bad.push(i);
  });
  return bad;
}

/** Domain power snarkjs picks for a circuit (`zkey new`): 2^power ≥ constraints + public inputs + 1. */
export function circuitPower(info: R1csInfo): number {
  const n = info.nConstraints + info.nPubIn + info.nPubOut + 1;
  return Math.max(1, Math.ceil(Math.log2(n)));
}
