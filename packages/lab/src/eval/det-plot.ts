/**
 * DET plot as PNG: FNMR against FMR, both on normal-deviate axes (the standard DET scale, on
 * which Gaussian score distributions give straight lines), one coloured curve per model.
 * Drawn pixel by pixel into an RGBA buffer and encoded with pngjs.
 */
import { createRequire } from "node:module";
import { drawText, GLYPH_H, textWidth } from "./font.js";
import { probit } from "./normal.js";

const require = createRequire(import.meta.url);
// pngjs is CommonJS without bundled types; only PNG.sync.write is used here.
const { PNG } = require("pngjs") as {
  PNG: {
    new (o: { width: number; height: number }): { data: Buffer };
    sync: { write(png: { data: Buffer }): Buffer };
  };
};

export type Rgb = readonly [number, number, number];

export interface DetCurve {
  label: string;
  color: Rgb;
  /** [FMR, FNMR] points, in threshold order. */
  points: readonly (readonly [number, number])[];
}

export interface DetPlotOptions {
  width?: number;
  height?: number;
  /** Axis range (probabilities) on both axes. */
  min?: number;
  max?: number;
  title?: string;
}

export const DET_TICKS = [1e-4, 1e-3, 1e-2, 0.05, 0.2, 0.5] as const;
const BLACK: Rgb = [0, 0, 0];
const GRID: Rgb = [215, 215, 215];

/** Keeps the points that move the curve by more than `step` normal deviates: thousands of thresholds become a few hundred. */
export function thinDetPoints(
  points: readonly (readonly [number, number])[],
  step = 0.02,
  min = 1e-4,
): [number, number][] {
  const clampP = (p: number) => probit(Math.min(1 - min, Math.max(min, p)));
  const out: [number, number][] = [];
  let last: [number, number] | null = null;
  points.forEach(([fmr, fnmr], i) => {
    const x = clampP(fmr);
    const y = clampP(fnmr);
    if (last && i !== points.length - 1 && Math.hypot(x - last[0], y - last[1]) < step) return;
    out.push([fmr, fnmr]);
    last = [x, y];
  });
  return out;
}

const pctLabel = (p: number) => `${Number((p * 100).toPrecision(2))}`;

export function detPng(curves: readonly DetCurve[], options: DetPlotOptions = {}): Buffer {
  const W = options.width ?? 800;
  const H = options.height ?? 640;
  const min = options.min ?? 1e-4;
  const max = options.max ?? 0.5;
  const png = new PNG({ width: W, height: H });
  png.data.fill(255);
  const put = (x: number, y: number, c: Rgb) => {
    const xi = Math.round(x);
    const yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= W || yi >= H) return;
    const o = (yi * W + xi) * 4;
    png.data[o] = c[0];
    png.data[o + 1] = c[1];
    png.data[o + 2] = c[2];
    png.data[o + 3] = 255;
  };
  const scale = 2;
  const left = 90;
  const right = W - 20;
  const top = 50;
  const bottom = H - 80;
  const lo = probit(min);
  const hi = probit(max);
  // Values outside the range (including 0, where no error was seen) are drawn on the frame.
  const px = (p: number) =>
    left + ((Math.min(hi, Math.max(lo, probit(p))) - lo) / (hi - lo)) * (right - left);
  const py = (p: number) =>
    bottom - ((Math.min(hi, Math.max(lo, probit(p))) - lo) / (hi - lo)) * (bottom - top);
  const line = (x0: number, y0: number, x1: number, y1: number, c: Rgb, width = 1, dash = 0) => {
    const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0)));
    for (let s = 0; s <= n; s++) {
      if (dash && Math.floor(s / dash) % 2 === 1) continue;
      const x = x0 + ((x1 - x0) * s) / n;
      const y = y0 + ((y1 - y0) * s) / n;
      for (let d = 0; d < width; d++)
        for (let e = 0; e < width; e++) put(x + d - (width >> 1), y + e - (width >> 1), c);
    }
  };
  const text = (s: string, x: number, y: number, c: Rgb = BLACK) =>
    drawText(s, x, y, scale, (a, b) => put(a, b, c));

  const ticks = DET_TICKS.filter((t) => t >= min && t <= max);
  for (const t of ticks) {
    line(px(t), top, px(t), bottom, GRID);
    line(left, py(t), right, py(t), GRID);
    const label = pctLabel(t);
    text(label, px(t) - textWidth(label, scale) / 2, bottom + 8);
    text(label, left - 8 - textWidth(label, scale), py(t) - (GLYPH_H * scale) / 2);
  }
  line(px(min), py(min), px(max), py(max), [150, 150, 150], 1, 6); // FMR = FNMR: the EER line
  line(left, top, right, top, BLACK);
  line(left, bottom, right, bottom, BLACK);
  line(left, top, left, bottom, BLACK);
  line(right, top, right, bottom, BLACK);
  const xTitle = "FMR (%), FALSE MATCH RATE";
  text(xTitle, (left + right) / 2 - textWidth(xTitle, scale) / 2, bottom + 34);
  text("FNMR (%)", 8, top - 30);
  if (options.title) text(options.title, right - textWidth(options.title, scale), top - 30);

  for (const c of curves) {
    for (let i = 1; i < c.points.length; i++) {
      const [a0, b0] = c.points[i - 1]!;
      const [a1, b1] = c.points[i]!;
      line(px(a0), py(b0), px(a1), py(b1), c.color, 3);
    }
  }
  // Legend, top right inside the frame.
  curves.forEach((c, n) => {
    const y = top + 14 + n * 24;
    const x = right - 16 - textWidth(c.label, scale) - 40;
    line(x, y + 7, x + 30, y + 7, c.color, 4);
    text(c.label, x + 40, y);
  });
  return PNG.sync.write(png);
}
