/**
 * Development powers of tau: zkpop's direct writer (phase-2-ready from a random tau, worker
 * threads) against snarkjs' route (new + one contribution + prepare phase2), same power, same run.
 * Run: npx tsx bench/setup.ts [--power 10] [--direct 12,13] [--json]
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { releaseSnarkjsCurves, writeDevPtau } from "@zkpop/prover";
import { buildBn128 } from "ffjavascript";
import * as snarkjs from "snarkjs";
import { fmt, printTable, timeIt, wantsJson } from "./lib.js";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
};
const power = Number(arg("power", "10"));
const extra = arg("direct", "").split(",").filter(Boolean).map(Number);
const dir = await mkdtemp(path.join(tmpdir(), "zkpop-bench-setup-"));
const f = (name: string) => path.join(dir, name);

const direct = await timeIt(() => writeDevPtau(f("direct.ptau"), power));
const curve = await buildBn128();
const s0 = await timeIt(() => snarkjs.powersOfTau.newAccumulator(curve, power, f("p0.ptau")));
const s1 = await timeIt(() => snarkjs.powersOfTau.contribute(f("p0.ptau"), f("p1.ptau"), "bench", "entropy"));
const s2 = await timeIt(() => snarkjs.powersOfTau.preparePhase2(f("p1.ptau"), f("p2.ptau")));
const snarkTotal = s0.ms + s1.ms + s2.ms;

const rows = [
  { route: `zkpop direct writer, 2^${power}`, seconds: fmt(direct.ms / 1000) },
  { route: `snarkjs new + contribute + prepare phase2, 2^${power}`, seconds: fmt(snarkTotal / 1000) },
  { route: "  of which prepare phase2", seconds: fmt(s2.ms / 1000) },
  { route: "direct is faster by", seconds: `${fmt(snarkTotal / direct.ms, 1)}×` as unknown as number },
];
const more = [];
for (const p of extra) {
  const r = await timeIt(() => writeDevPtau(f(`direct-${p}.ptau`), p));
  more.push({ route: `zkpop direct writer, 2^${p}`, seconds: fmt(r.ms / 1000) });
}
if (wantsJson)
  console.log(
    JSON.stringify(
      { power, directMs: direct.ms, snarkjsMs: snarkTotal, preparePhase2Ms: s2.ms, more },
      null,
      2,
    ),
  );
printTable("Development powers of tau", [...rows, ...more]);
await curve.terminate();
await releaseSnarkjsCurves();
await rm(dir, { recursive: true, force: true });
