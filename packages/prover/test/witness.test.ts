import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  compileCircuit,
  readR1cs,
  SNARK_FIELD,
  unsatisfiedConstraints,
  WitnessError,
  WitnessGenerator,
} from "@zkpop/prover";
import { WitnessCalculatorBuilder } from "circom_runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// zkpop's own circom 2 witness calculator against circom_runtime (the reference it replaces):
// the same witnesses and the same .wtns bytes, on a circuit with nested array inputs and an
// assertion, for many witnesses from one generator, failures in between.
const SOURCE = `pragma circom 2.1.5;
template Dot(n) {
  signal input x[2][n];
  signal input k;
  signal output out;
  signal p[n];
  var acc = 0;
  for (var i = 0; i < n; i++) {
    p[i] <== x[0][i] * x[1][i];
    acc += p[i];
  }
  assert(k < 1000);
  out <== acc * k;
}
component main { public [k] } = Dot(3);
`;

let home: string;
let wasm: Uint8Array;
let r1csPath: string;
beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), "zkpop-witness-"));
  const src = path.join(home, "dot.circom");
  await writeFile(src, SOURCE);
  const compiled = await compileCircuit({ source: src, home });
  wasm = await readFile(compiled.wasmPath);
  r1csPath = compiled.r1csPath;
});
afterAll(() => rm(home, { recursive: true, force: true }));

const input = (i: number) => ({
  x: [
    [i, -i, 2n ** 200n + BigInt(i)],
    [3, SNARK_FIELD - 5n, -(7 * i)],
  ],
  k: i % 999,
});

describe("witness generator", () => {
  it("matches circom_runtime's witnesses and .wtns bytes over many witnesses, failures in between", async () => {
    const gen = await WitnessGenerator.fromWasm(wasm);
    const reference = await WitnessCalculatorBuilder(wasm);
    const r1cs = await readR1cs(r1csPath);
    for (let i = 0; i < 60; i++) {
      const w = await gen.witness(input(i));
      expect(w).toEqual(await reference.calculateWitness(input(i), true));
      expect(unsatisfiedConstraints(r1cs, w)).toEqual([]);
      const expected = Buffer.from(await reference.calculateWTNSBin(input(i), true));
      expect(Buffer.from(await gen.wtns(input(i)))).toEqual(expected);
      // the generator's reused buffer holds exactly this witness too, whatever it held before
      expect(Buffer.from(await gen.wtns(input(i), { reuse: true }))).toEqual(expected);
      if (i % 7 === 0)
        await expect(gen.witness({ ...input(i), k: 1000 + i })).rejects.toThrow(/Assert Failed/);
    }
  });

  it("rejects inputs the circuit does not have, or of the wrong length, as WitnessError", async () => {
    const gen = await WitnessGenerator.fromWasm(wasm);
    await expect(gen.witness({ ...input(1), y: 1 })).rejects.toThrow(WitnessError);
    await expect(
      gen.witness({
        ...input(1),
        x: [
          [1, 2, 3],
          [4, 5],
        ],
      }),
    ).rejects.toThrow(/Not enough values/);
    await expect(
      gen.witness({
        ...input(1),
        x: [
          [1, 2, 3, 4],
          [4, 5, 6],
        ],
      }),
    ).rejects.toThrow(/Too many values/);
    await expect(gen.witness({ x: input(1).x })).rejects.toThrow(/Not all inputs/);
    await expect(gen.wtns({ ...input(1), k: 1.5 })).rejects.toThrow(WitnessError);
    // and still computes correct witnesses after those failures
    const w = await gen.witness(input(2));
    expect(w).toEqual(await (await WitnessCalculatorBuilder(wasm)).calculateWitness(input(2), true));
  });
});
