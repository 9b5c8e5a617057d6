// Scratch driver: caches prepared faces, runs the CV card, prints a summary.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { crossValidatedCard, type Face, prepareFaces, RECIPE_V3 } from "./cv.js";
const cacheFile = "lab12/data/faces.json";
const data = "/work/shared/datasets/orl-faces";
const subjects = Array.from({ length: 30 }, (_, i) => i + 1);
let prepared: { faces: Face[]; missing: string[] };
if (existsSync(cacheFile)) {
  const j = JSON.parse(readFileSync(cacheFile, "utf8"));
  prepared = { missing: j.missing, faces: j.faces.map((f: any) => ({ ...f, pixels: Uint8Array.from(f.pixels), teacher150: Float32Array.from(f.teacher150), teacher32: Float32Array.from(f.teacher32) })) };
} else {
  prepared = await prepareFaces(data, subjects, (p) => { if (p.done !== undefined && p.done % 50 === 0) console.log(p.stage, p.done); });
  writeFileSync(cacheFile, JSON.stringify({ missing: prepared.missing, faces: prepared.faces.map((f) => ({ ...f, pixels: Array.from(f.pixels), teacher150: Array.from(f.teacher150), teacher32: Array.from(f.teacher32) })) }));
}
const shrink = Number(process.argv[2] ?? RECIPE_V3.whitenShrink);
const card = await crossValidatedCard({ dataDir: data, prepared, recipe: { ...RECIPE_V3, whitenShrink: shrink }, onProgress: (p) => p.message && console.log(p.message) });
writeFileSync(`lab12/data/cv-${shrink}.json`, JSON.stringify(card, null, 1)); console.log(JSON.stringify(card.chosen), JSON.stringify(card.current));
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
for (const name of Object.keys(card.folds[0]!.models)) {
  const r = card.folds.map((f) => f.models[name]!);
  console.log(name.padEnd(40), "EER", r.map((x) => pct(x.eer)).join(" "), "| caught 1e4/1e6/1e8", r.map((x) => x.caught.map((c) => (c ? pct(c.caught) : "-")).join("/")).join("  "));
}
for (const [i, s] of card.folds[0]!.schemes.entries()) {
  console.log(s.scheme.padEnd(60), card.folds.map((f) => f.schemes[i]!.perGallery.map((c) => (c ? `${pct(c.caught)}(${c.tables},${c.bits},${c.threshold};${Math.round(c.constraints / 1000)}k)` : "-")).join(" ")).join(" | "));
}
console.log(card.folds.map((f) => `cos min ${f.circuitVsFloat.minCosine.toFixed(4)} sign ${f.signCost} model ${f.modelConstraints}`).join("\n"));
