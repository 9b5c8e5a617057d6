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

const WIDTH = 110; // biome's line width for this repository

/**
 * JSON laid out as biome formats it, so the committed card passes \`biome check\`: objects always
 * expanded, arrays on one line when they fit, else one element per line.
 */
export function cardJson(card: PerformanceCard): string {
  // One-line form of primitives and arrays of them; null for anything holding an object.
  const flat = (v: unknown): string | null => {
    if (!Array.isArray(v)) return v !== null && typeof v === "object" ? null : JSON.stringify(v);
    const parts = v.map(flat);
    return parts.every((x) => x !== null) ? `[${parts.join(", ")}]` : null;
  };
  const fmt = (v: unknown, indent: string, prefix: string, comma: string): string => {
    const one = flat(v);
    if (one !== null && indent.length + prefix.length + one.length + comma.length <= WIDTH)
      return `${indent}${prefix}${one}${comma}`;
    const inner = `${indent}  `;
    if (Array.isArray(v)) {
      if (v.length === 0) return `${indent}${prefix}[]${comma}`;
      const items = v.map((x, i) => fmt(x, inner, "", i < v.length - 1 ? "," : ""));
      return `${indent}${prefix}[\n${items.join("\n")}\n${indent}]${comma}`;
    }
    const entries = Object.entries(v as object).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return `${indent}${prefix}{}${comma}`;
    const items = entries.map(([k, x], i) =>
      fmt(x, inner, `${JSON.stringify(k)}: `, i < entries.length - 1 ? "," : ""),
    );
    return `${indent}${prefix}{\n${items.join("\n")}\n${indent}}${comma}`;
  };
  return `${fmt(card, "", "", "")}\n`;
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
