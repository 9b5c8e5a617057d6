/** Writes a card's three files: performance-card.md, performance-card.json and det.png. */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { PerformanceCard } from "./card.js";
import { detPng } from "./det-plot.js";
import { cardMarkdown } from "./markdown.js";

export interface CardFiles {
  markdown: string;
  json: string;
  png: string;
}

/** The card as JSON (two-space indent); its layout in the repository is left to the formatter. */
export function cardJson(card: PerformanceCard): string {
  return `${JSON.stringify(card, null, 2)}\n`;
}

export function writeCard(outDir: string, card: PerformanceCard): CardFiles {
  mkdirSync(outDir, { recursive: true });
  const files = {
    markdown: path.join(outDir, "performance-card.md"),
    json: path.join(outDir, "performance-card.json"),
    png: path.join(outDir, "det.png"),
  };
  writeFileSync(files.markdown, cardMarkdown(card));
  writeFileSync(files.json, cardJson(card));
  writeFileSync(
    files.png,
    detPng(card.det, { title: `ORL, ${card.dataset.faces} FACES OF ${card.dataset.subjects.length} PEOPLE` }),
  );
  return files;
}
