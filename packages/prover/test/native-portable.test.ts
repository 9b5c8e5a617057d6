import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { nativeAddon } from "@zkpop/prover";
import { describe, expect, it } from "vitest";

// Field products have two implementations: BMI2/ADX assembly (chosen at load on CPUs that have
// it) and portable C++ (ZKPOP_NO_ADX=1, or any other CPU). The same inputs must give the same
// field and MSM results on both; the portable addon runs in a child process.
const addon = nativeAddon();
const Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;
const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;
const rand = (p: bigint) => BigInt(`0x${randomBytes(40).toString("hex")}`) % p;
const addonFile = fileURLToPath(new URL("../native/build/Release/zkpop_native.node", import.meta.url));

// Evaluated in the child: the same operations on the addon loaded with ZKPOP_NO_ADX=1.
const childScript = `
const a = require(process.argv[1]);
const job = JSON.parse(process.argv[2]);
const out = {
  mulx: a.buildInfo.mulx,
  fq: job.pairs.fq.map(([x, y]) => [a.arith.fq("mul", x, y), a.arith.fq("add", x, y), a.arith.fq("sub", x, y)]),
  fr: job.pairs.fr.map(([x, y]) => [a.arith.fr("mul", x, y), a.arith.fr("add", x, y), a.arith.fr("sub", x, y)]),
  msm: a.arith.g1Msm(job.points, job.scalars),
};
process.stdout.write(JSON.stringify(out));
`;

describe.skipIf(!addon)("native field code: ADX assembly and portable C++ agree", () => {
  it("products, sums, differences and an MSM are the same with ZKPOP_NO_ADX=1", () => {
    const n = addon!.arith;
    const edge = (p: bigint) => [0n, 1n, p - 1n, p - 2n, (p - 1n) / 2n];
    const pairs = (p: bigint) => [
      ...edge(p).flatMap((a) => edge(p).map((b) => [`${a}`, `${b}`])),
      ...Array.from({ length: 300 }, () => [`${rand(p)}`, `${rand(p)}`]),
    ];
    const g = n.g1("mul", ["1", "2"], "7");
    const points = Array.from({ length: 40 }, (_, i) => n.g1("mul", g, `${rand(R) + BigInt(i)}`));
    const scalars = points.map((_, i) => `${i % 5 === 0 ? BigInt(i % 3) : rand(R)}`);
    const job = { pairs: { fq: pairs(Q), fr: pairs(R) }, points, scalars };
    const child = JSON.parse(
      execFileSync(process.execPath, ["-e", childScript, addonFile, JSON.stringify(job)], {
        env: { ...process.env, ZKPOP_NO_ADX: "1" },
        encoding: "utf8",
        maxBuffer: 64 << 20,
      }),
    );
    expect(child.mulx).toBe(false);
    for (const [name, p] of [
      ["fq", Q],
      ["fr", R],
    ] as const) {
      job.pairs[name].forEach(([x, y], i) => {
        const [mul, add, sub] = [n[name]("mul", x!, y!), n[name]("add", x!, y!), n[name]("sub", x!, y!)];
        expect(child[name][i]).toEqual([mul, add, sub]);
        expect(BigInt(mul)).toBe((BigInt(x!) * BigInt(y!)) % p);
      });
    }
    expect(child.msm).toEqual(n.g1Msm(points, scalars));
  });
});
