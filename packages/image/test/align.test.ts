import { ArgumentError } from "@zkpop/errors";
import { describe, expect, it } from "vitest";
import { alignFace, applySimilarity, estimateSimilarity, templatePoints } from "../src/align.js";
import type { GrayImage } from "../src/image.js";
import type { FivePoints } from "../src/landmarks.js";
import { fivePointsFrom68 } from "../src/landmarks.js";

/** Smooth deterministic test pattern. */
function pattern(w: number, h: number): GrayImage {
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) data[y * w + x] = (x * 7 + y * 3 + ((x * y) % 13)) & 0xff;
  return { width: w, height: h, data };
}

describe("estimateSimilarity", () => {
  it("recovers a known rotation, scale and shift exactly (up to rounding)", () => {
    const truth = { a: 1.3 * Math.cos(0.2), b: 1.3 * Math.sin(0.2), tx: 5, ty: -7 };
    const from = templatePoints(32, 0.25);
    const to = from.map((p) => applySimilarity(truth, p));
    const t = estimateSimilarity(from, to);
    for (const k of ["a", "b", "tx", "ty"] as const) expect(t[k]).toBeCloseTo(truth[k], 10);
  });

  it("refuses degenerate input", () => {
    const p = { x: 1, y: 1 };
    expect(() => estimateSimilarity([p, p], [p, { x: 2, y: 2 }])).toThrow(ArgumentError);
  });
});

describe("alignFace", () => {
  it("is the identity when the landmarks already sit on the template (size 48)", () => {
    const img = pattern(48, 48);
    const { crop } = alignFace(img, templatePoints(48, 0.25), { size: 48 });
    expect([...crop.data]).toEqual([...img.data]);
  });

  it("produces size x size bytes and the same bytes on every call", () => {
    const img = pattern(92, 112);
    // A face-like, slightly rotated set of points.
    const pts: FivePoints = [
      { x: 30.2, y: 48.9 },
      { x: 62.7, y: 46.1 },
      { x: 47.3, y: 66.4 },
      { x: 34.1, y: 83.3 },
      { x: 60.8, y: 81.0 },
    ];
    const a = alignFace(img, pts).crop;
    const b = alignFace({ ...img, data: Uint8Array.from(img.data) }, pts).crop;
    expect([a.width, a.height, a.data.length]).toEqual([32, 32, 1024]);
    expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);
    expect(alignFace(img, pts, { size: 40 }).crop.data.length).toBe(1600);
  });

  it("maps the landmarks onto the template", () => {
    const pts: FivePoints = [
      { x: 30, y: 50 },
      { x: 62, y: 46 },
      { x: 47, y: 66 },
      { x: 34, y: 83 },
      { x: 61, y: 80 },
    ];
    const { cropToImage } = alignFace(pattern(92, 112), pts);
    const tpl = templatePoints(32, 0.25);
    // Eye centres land within half an output pixel of the template.
    for (const i of [0, 1]) {
      const p = applySimilarity(cropToImage, tpl[i]!);
      expect(Math.hypot(p.x - pts[i]!.x, p.y - pts[i]!.y)).toBeLessThan(
        0.5 * Math.hypot(cropToImage.a, cropToImage.b) + 1.5,
      );
    }
  });

  it("fills outside the source with black and checks its options", () => {
    const img = pattern(20, 20);
    const far: FivePoints = templatePoints(32, 0.25).map((p) => ({ x: p.x + 500, y: p.y })) as FivePoints;
    expect(alignFace(img, far).crop.data.every((v) => v === 0)).toBe(true);
    expect(() => alignFace(img, far, { size: 4 })).toThrow(ArgumentError);
    expect(() => alignFace(img, far, { size: 32.5 })).toThrow(ArgumentError);
  });
});

describe("fivePointsFrom68", () => {
  it("averages the eye contours and picks nose tip and mouth corners", () => {
    const pts = Array.from({ length: 68 }, (_, i) => ({ x: i, y: 2 * i }));
    const five = fivePointsFrom68(pts);
    expect(five).toEqual([
      { x: 38.5, y: 77 },
      { x: 44.5, y: 89 },
      { x: 30, y: 60 },
      { x: 48, y: 96 },
      { x: 54, y: 108 },
    ]);
    expect(() => fivePointsFrom68(pts.slice(1))).toThrow(ArgumentError);
  });
});
