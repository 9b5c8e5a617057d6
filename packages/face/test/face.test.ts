import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import { orlFixture } from "../../../test/fixtures.js";
import { detectFace } from "../src/detect.js";
import { FaceNotFoundError } from "../src/errors.js";
import { loadFaceRuntime } from "../src/faceapi.js";
import { type PreparedCapture, prepareCapture } from "../src/pipeline.js";

const require = createRequire(import.meta.url);
const { PNG } = require("pngjs") as {
  PNG: { new (o: { width: number; height: number }): { data: Buffer }; sync: { write(p: unknown): Buffer } };
};
const fixture = (name: string) => orlFixture(name);

const T = 60_000;
let a: PreparedCapture;

beforeAll(async () => {
  await loadFaceRuntime();
  a = await prepareCapture(fixture("s1_1"));
}, T);

describe("detection and alignment", () => {
  it("finds the ORL face with plausible landmarks", () => {
    const [le, re, nose, lm, rm] = a.face.points5;
    expect(a.face.score).toBeGreaterThan(0.5);
    expect(a.face.landmarks68).toHaveLength(68);
    expect(le.x).toBeLessThan(re.x);
    expect(Math.max(le.y, re.y)).toBeLessThan(nose.y);
    expect(nose.y).toBeLessThan(Math.min(lm.y, rm.y));
    for (const p of a.face.points5) {
      expect(p.x).toBeGreaterThan(0);
      expect(p.x).toBeLessThan(92);
      expect(p.y).toBeGreaterThan(0);
      expect(p.y).toBeLessThan(112);
    }
    expect([a.crop.width, a.crop.height, a.crop.data.length]).toEqual([32, 32, 1024]);
  });

  it(
    "is deterministic, and a PNG of the same pixels gives the same crop bytes",
    async () => {
      const again = await prepareCapture(fixture("s1_1"));
      expect(Buffer.from(again.crop.data).equals(Buffer.from(a.crop.data))).toBe(true);
      const g = a.decoded.gray;
      const png = new PNG({ width: g.width, height: g.height });
      for (const [i, v] of g.data.entries()) png.data.set([v, v, v, 255], 4 * i);
      const viaPng = await prepareCapture(new Uint8Array(PNG.sync.write(png)));
      expect(viaPng.decoded.format).toBe("png");
      expect(Buffer.from(viaPng.crop.data).equals(Buffer.from(a.crop.data))).toBe(true);
    },
    T,
  );

  it(
    "throws FaceNotFoundError on a blank image",
    async () => {
      const blank = { width: 64, height: 64, data: new Uint8Array(64 * 64).fill(90) };
      const err = await detectFace(blank, { borderFractions: [0.5] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FaceNotFoundError);
      expect(err).toMatchObject({ code: "FACE_NOT_FOUND" });
    },
    T,
  );
});
