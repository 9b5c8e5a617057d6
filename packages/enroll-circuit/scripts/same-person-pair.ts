/**
 * The rule that chose test/enrollment-fixtures.ts' SAME_PERSON: among ORL s21–s30 in order, the
 * first subject one of whose photos 2–10 shares at least DEFAULT_DEDUP_THRESHOLD tags with its
 * photo 1 under the default circuit (its integer program and LSH), and the first such photo.
 * Tags agree exactly when buckets agree, so buckets are compared (no Poseidon, no proof).
 * Run: ZKPOP_HOME=... npx tsx packages/enroll-circuit/scripts/same-person-pair.ts
 */
import { readCropCache } from "@zkpop/image";
import { execute, quantizeModel } from "@zkpop/zkml";
import {
  bucketOf,
  DEFAULT_DEDUP_THRESHOLD,
  DEFAULT_LSH,
  defaultEnrollCircuitOptions,
  lshBits,
  lshHyperplanes,
  orlCropsPath,
  orlSubject,
} from "../src/index.js";

const o = defaultEnrollCircuitOptions();
const q = await quantizeModel(o.model, { ...o.quant, calibration: o.calibration });
const planes = lshHyperplanes(DEFAULT_LSH);
const cache = readCropCache(orlCropsPath());
const buckets = (i: number) =>
  lshBits(
    execute(q.program, Array.from(cache.crops[i]!.data, BigInt)).outputs.flat(),
    planes,
    DEFAULT_LSH,
  ).map(bucketOf);
const shared = (a: bigint[], b: bigint[]) => a.filter((x, k) => b[k] === x).length;

let chosen: string | undefined;
for (let s = 21; s <= 30; s++) {
  const idx = cache.index.entries.flatMap((e, i) => (orlSubject(e.label) === s ? [i] : []));
  const first = buckets(idx[0]!);
  const counts = idx
    .slice(1)
    .map((i) => ({ source: cache.index.entries[i]!.source, n: shared(first, buckets(i)) }));
  console.log(`s${s}: photo 1 vs ${counts.map((c) => `${c.source.split("/")[1]}:${c.n}`).join(" ")}`);
  const hit = counts.find((c) => c.n >= DEFAULT_DEDUP_THRESHOLD);
  if (hit && !chosen) chosen = `${cache.index.entries[idx[0]!]!.source} and ${hit.source} (${hit.n} tags)`;
}
console.log(`chosen: ${chosen ?? `none at m = ${DEFAULT_DEDUP_THRESHOLD}`}`);
