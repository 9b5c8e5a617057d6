import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ZkpopError } from "@zkpop/errors";
import { listOrlImages, parseSubjects } from "@zkpop/lab";
import { describe, expect, it } from "vitest";
import { pointsFromJson, pointsToJson, readCropCache, writeCropCache } from "../src/cache.js";
import type { FivePoints } from "../src/landmarks.js";

const pts: FivePoints = [
  { x: 1.23456, y: 2 },
  { x: 3, y: 4 },
  { x: 5, y: 6 },
  { x: 7, y: 8 },
  { x: 9, y: 10.0001 },
];

describe("crop cache", () => {
  it("round-trips crops and descriptors and detects tampering", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "zkpop-bio-"));
    const json = path.join(dir, "t-8.json");
    const crops = [0, 1].map((k) => ({
      width: 8,
      height: 8,
      data: Uint8Array.from({ length: 64 }, (_, i) => (i * 3 + k) & 0xff),
    }));
    const descriptors = [0, 1].map((k) => Float32Array.from({ length: 4 }, (_, i) => i / 7 - k));
    const entries = ["s1/1.pgm", "s2/1.pgm"].map((source, i) => ({
      label: `s${i + 1}`,
      source,
      detScore: 0.9,
      points5: pointsToJson(pts),
    }));
    writeCropCache(
      json,
      {
        dataset: "test",
        credit: "test",
        size: 8,
        padding: 0.25,
        teacher: "t",
        descriptorDim: 4,
        entries,
        missing: [],
      },
      crops,
      descriptors,
    );

    const c = readCropCache(json);
    expect(c.index.count).toBe(2);
    expect(c.crops.map((x) => [...x.data])).toEqual(crops.map((x) => [...x.data]));
    expect(c.descriptors.map((x) => [...x])).toEqual(descriptors.map((x) => [...x]));
    expect(pointsFromJson(c.index.entries[0]!.points5)[0]!.x).toBe(Math.round(1.23456 * 1024) / 1024);

    const bin = path.join(dir, c.index.binFile);
    const bytes = readFileSync(bin);
    bytes[0] = bytes[0]! ^ 1;
    writeFileSync(bin, bytes);
    expect(() => readCropCache(json)).toThrow(expect.objectContaining({ code: "CACHE_HASH_MISMATCH" }));
  });
});

describe("ORL listing", () => {
  it("parses subject ranges and lists the fixture layout", () => {
    expect(parseSubjects("1-3,7,5-4")).toEqual([1, 2, 3, 4, 5, 7]);
    expect(() => parseSubjects("x")).toThrow(ZkpopError);
    expect(listOrlImages(path.join(tmpdir(), "no-such-dir"), [1])).toEqual([]);
  });
});
