/**
 * Issue 12 (helper 12a): the teacher ceiling and the student recipe at other crop sizes, with the
 * card's 3-fold cross-validation over s1–s30 (fit on 20 people + LFW, report on the other 10) and
 * the card's bit-agreement dedup model. Float embeddings only (the circuit tracks float to ≥ 0.99
 * cosine in the card); fast enough to compare crop sizes and recipes before adopting one.
 *
 *   nice -n 10 npx tsx packages/lab/scripts/cv-crop-size.ts --sizes 32,48,64 [--student 1] [--augment 0]
 *
 * Inputs: $ZKPOP_LAB_CACHE/orl-crops-<S>-teacher-at-crop.json from scripts/crop-size-faces.ts.
 */
import path from "node:path";
import { DEFAULT_LSH } from "@zkpop/enroll-circuit";
import { alignFace, readCropCache } from "@zkpop/image";
import { bestSetting, bitAgreement, pairAgreement, tagSchemes } from "../src/eval/dedup-model.js";
import { type Metric, pairScores, verificationReport } from "../src/evaluate.js";
import { loadLfwItems, subjectNumber } from "../src/student/dataset.js";
import { type FilterBankSpec, filterBankEmbed } from "../src/student/filter-bank.js";
import { fitStudent, RECIPE_V3 } from "../src/student/recipe.js";
import { DATA_DIR, flags, LAB_CACHE_DIR, RUNTIME_DATA_DIR } from "./common.js";

const f = flags(process.argv.slice(2));
const sizes = (f.get("sizes") ?? "32,48,64").split(",").map(Number);
const withStudent = (f.get("student") ?? "1") !== "0";
const GALLERIES = [1e4, 1e6, 1e8];
const SIGN_COST = 30;

/** Student spec at crop side S: the v3 bank with its map kept at 16×16 (stride S/16), kernel ≈ stride·2.5. */
export function specAt(S: number, over: Partial<FilterBankSpec> = {}): FilterBankSpec {
  const stride = S / 16;
  const kernel = 2 * Math.round((stride * 2.5 - 1) / 2) + 1;
  return { name: `zkpop-student-${S}`, input: S, kernel, filters: 6, stride, cell: 4, outDim: 64, ...over };
}

function figures(emb: readonly ArrayLike<number>[], labels: string[], metric: Metric, centre?: Float64Array) {
  const r = verificationReport(pairScores(emb, labels, metric), [1e-3]);
  const coded = centre ? emb.map((e) => Float64Array.from(centre, (c, i) => e[i]! - c)) : emb;
  const agree = pairAgreement(coded, labels);
  const scheme = tagSchemes(DEFAULT_LSH).find((s) => s.key === "exact")!;
  const caught = GALLERIES.map((g) => bestSetting(agree, scheme, g, 0.01, SIGN_COST)?.caught ?? 0);
  return { eer: r.eer, fnmr: r.atFmr[0]!.fnmr, bits: bitAgreement(agree), caught };
}

const meanOf = (xs: readonly ArrayLike<number>[]) => {
  const m = new Float64Array(xs[0]!.length);
  for (const x of xs) for (let i = 0; i < m.length; i++) m[i]! += x[i]! / xs.length;
  return m;
};

const base = readCropCache(path.join(RUNTIME_DATA_DIR, "orl-crops-32.json"));
const t150 = new Map(base.index.entries.map((e, i) => [e.source, base.descriptors[i]!]));
const lfwItems = loadLfwItems(path.join(DATA_DIR, "lfw-faces-32.json"));
const folds = [
  [1, 10],
  [11, 20],
  [21, 30],
];
const pc = (x: number) => `${(100 * x).toFixed(2)} %`;
const rows: Record<string, ReturnType<typeof figures>[]> = {};
const add = (k: string, v: ReturnType<typeof figures>) => {
  rows[k] = [...(rows[k] ?? []), v];
};

for (const S of sizes) {
  const c = readCropCache(path.join(LAB_CACHE_DIR, `orl-crops-${S}-teacher-at-crop.json`));
  const faces = c.index.entries.map((e, i) => ({
    label: e.label,
    subject: subjectNumber(e.label),
    pixels: c.crops[i]!.data,
    teacherS: c.descriptors[i]!,
    teacher150: t150.get(e.source)!,
  }));
  const lfw = lfwItems.map((it) => ({
    pixels: alignFace(it.source, it.points, { size: S, padding: c.index.padding }).crop.data,
    teacher150: it.teacher,
  }));
  for (const [lo, hi] of folds) {
    const te = faces.filter((x) => x.subject >= lo! && x.subject <= hi!);
    const tr = faces.filter((x) => x.subject < lo! || x.subject > hi!);
    const labels = te.map((x) => x.label);
    if (S === sizes[0])
      add(
        "teacher 150",
        figures(
          te.map((x) => x.teacher150),
          labels,
          "euclidean",
          meanOf(tr.map((x) => x.teacher150)),
        ),
      );
    add(
      `teacher ${S}`,
      figures(
        te.map((x) => x.teacherS),
        labels,
        "euclidean",
        meanOf(tr.map((x) => x.teacherS)),
      ),
    );
    if (withStudent) {
      const spec = specAt(S);
      const t0 = Date.now();
      const st = fitStudent(tr, lfw, RECIPE_V3, spec);
      const emb = te.map((x) => filterBankEmbed(x.pixels, st.filters, st.head, spec));
      add(`student v3 recipe ${S} (k${spec.kernel}/s${spec.stride})`, figures(emb, labels, "cosine"));
      console.error(`S=${S} fold s${lo}: student fitted in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
  }
}

console.log(
  "| model | EER mean (worst) | FNMR@1e-3 mean | bits gen/imp | caught 10^4 | caught 10^6 mean (worst) | caught 10^8 |",
);
console.log("|---|---|---|---|---|---|---|");
for (const [k, v] of Object.entries(rows)) {
  const mean = (g: (x: (typeof v)[0]) => number) => v.reduce((a, x) => a + g(x), 0) / v.length;
  const worstEer = Math.max(...v.map((x) => x.eer));
  const worstC = Math.min(...v.map((x) => x.caught[1]!));
  console.log(
    `| ${k} | ${pc(mean((x) => x.eer))} (${pc(worstEer)}) | ${pc(mean((x) => x.fnmr))} | ${pc(mean((x) => x.bits.genuine))} / ${pc(mean((x) => x.bits.impostor))} | ${pc(mean((x) => x.caught[0]!))} | ${pc(mean((x) => x.caught[1]!))} (${pc(worstC)}) | ${pc(mean((x) => x.caught[2]!))} |`,
  );
}
