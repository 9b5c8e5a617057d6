/**
 * Issue 12 (helper 12a): the card's figures for embeddings made elsewhere (scripts/py/student_lab.py):
 * per variant, EER (mean, worst fold) and re-enrollments caught at 10^4/10^6/10^8 with ≤ 1 % honest
 * refused, exact tags L ≤ 128, with the card's own code (evaluate.ts, eval/dedup-model.ts).
 *
 *   npx tsx packages/lab/scripts/figures-from-embeddings.ts $ZKPOP_LAB_CACHE/emb-48.json [more.json] [--probe]
 *
 * --probe (issue 12, helper 12student) adds the least-confident 1-bit multi-probe (probe-model.ts,
 * L ≤ 128) at 10^4/10^6/10^8, with the sign cost of the exact rows (30).
 */
import { readFileSync } from "node:fs";
import { DEFAULT_LSH } from "@zkpop/enroll-circuit";
import { bestSetting, bitAgreement, pairAgreement, tagSchemes } from "../src/eval/dedup-model.js";
import { pairScores, verificationReport } from "../src/evaluate.js";

interface Fold {
  test: [number, number];
  labels: string[];
  emb: number[][];
}
const GALLERIES = [1e4, 1e6, 1e8];
const pc = (x: number) => `${(100 * x).toFixed(2)} %`;
const scheme = tagSchemes(DEFAULT_LSH).find((s) => s.key === "exact")!;
const probe = process.argv.includes("--probe")
  ? tagSchemes(DEFAULT_LSH).find((s) => s.key === "probe-lc1")!
  : null;
console.log(
  `| variant | EER mean (worst) | FNMR@1e-3 | bits gen / imp | caught 10^4 | caught 10^6 mean (worst); per fold | caught 10^8 |${probe ? " probe-lc1 10^4 | probe-lc1 10^6 mean (worst) | probe-lc1 10^8 |" : ""}`,
);
console.log(`|---|---|---|---|---|---|---|${probe ? "---|---|---|" : ""}`);
for (const file of process.argv.slice(2).filter((a) => !a.startsWith("--"))) {
  const data = JSON.parse(readFileSync(file, "utf8")) as Record<string, { folds: Fold[] }>;
  for (const [name, v] of Object.entries(data)) {
    const per = v.folds.map((f) => {
      const r = verificationReport(pairScores(f.emb, f.labels, "cosine"), [1e-3]);
      const agree = pairAgreement(f.emb, f.labels);
      return {
        eer: r.eer,
        fnmr: r.atFmr[0]!.fnmr,
        bits: bitAgreement(agree),
        caught: GALLERIES.map((g) => bestSetting(agree, scheme, g, 0.01, 30)?.caught ?? 0),
        probe: probe ? GALLERIES.map((g) => bestSetting(agree, probe, g, 0.01, 30)?.caught ?? 0) : [],
      };
    });
    const mean = (g: (x: (typeof per)[0]) => number) => per.reduce((a, x) => a + g(x), 0) / per.length;
    console.log(
      `| ${name} | ${pc(mean((x) => x.eer))} (${pc(Math.max(...per.map((x) => x.eer)))}) | ${pc(mean((x) => x.fnmr))} | ${pc(mean((x) => x.bits.genuine))} / ${pc(mean((x) => x.bits.impostor))} | ${pc(mean((x) => x.caught[0]!))} | ${pc(mean((x) => x.caught[1]!))} (${pc(Math.min(...per.map((x) => x.caught[1]!)))}); ${per.map((x) => pc(x.caught[1]!)).join(", ")} | ${pc(mean((x) => x.caught[2]!))} |${probe ? ` ${pc(mean((x) => x.probe[0]!))} | ${pc(mean((x) => x.probe[1]!))} (${pc(Math.min(...per.map((x) => x.probe[1]!)))}) | ${pc(mean((x) => x.probe[2]!))} |` : ""}`,
    );
  }
}
