import { createRequire } from "node:module";
import jpeg from "jpeg-js";
import { describe, expect, it } from "vitest";
import { orlFixture } from "../../../test/fixtures.js";
import { decodeCapture, sniffFormat } from "../src/decode/index.js";
import { CaptureDecodeError } from "../src/errors.js";

const require = createRequire(import.meta.url);
const { PNG } = require("pngjs") as {
  PNG: {
    new (o: {
      width: number;
      height: number;
      colorType?: number;
      inputColorType?: number;
      bitDepth?: number;
      inputHasAlpha?: boolean;
    }): { data: Buffer };
    sync: { write(p: unknown, o?: Record<string, unknown>): Buffer };
  };
};

const orl = Buffer.from(orlFixture("s1_1"));
const ascii = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));

function expectCode(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CaptureDecodeError);
    expect((e as CaptureDecodeError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}, nothing was thrown`);
}

/** 4x3 RGBA test pattern with distinct grey levels. */
function rgba(): Buffer {
  const d = Buffer.alloc(4 * 3 * 4);
  for (let i = 0; i < 12; i++) d.set([i * 20, i * 20, i * 20, 255], 4 * i);
  return d;
}

describe("PGM", () => {
  it("decodes an ORL P5 image", () => {
    const c = decodeCapture(orl);
    expect(c.format).toBe("pgm");
    expect(c.rgb).toBeNull();
    expect([c.gray.width, c.gray.height, c.gray.data.length]).toEqual([92, 112, 92 * 112]);
    expect(c.gray.data[0]).toBe(orl[orl.length - 92 * 112]);
  });

  it("decodes P2 with comments and rescales maxval", () => {
    const g = decodeCapture(ascii("P2\n# a comment\n3 2 # trailing\n15\n0 15 7\n1 2\n3\n")).gray;
    expect([g.width, g.height]).toEqual([3, 2]);
    expect([...g.data]).toEqual([0, 255, 119, 17, 34, 51]);
  });

  it("decodes 16-bit P5 (big-endian)", () => {
    const head = ascii("P5 2 1 65535\n");
    const g = decodeCapture(new Uint8Array([...head, 0xff, 0xff, 0x80, 0x00])).gray;
    expect([...g.data]).toEqual([255, 128]);
  });

  it("refuses truncated, malformed and oversized files with codes", () => {
    expectCode(() => decodeCapture(orl.subarray(0, orl.length - 1)), "CAPTURE_TRUNCATED");
    expectCode(() => decodeCapture(ascii("P5\n92 112\n")), "CAPTURE_TRUNCATED");
    expectCode(() => decodeCapture(ascii("P2 2 2 255 1 2 3")), "CAPTURE_TRUNCATED");
    expectCode(() => decodeCapture(ascii("P5 -3 2 255\n")), "CAPTURE_MALFORMED");
    expectCode(() => decodeCapture(ascii("P5 0 2 255\n")), "CAPTURE_MALFORMED");
    expectCode(() => decodeCapture(ascii("P2 1 1 10 11")), "CAPTURE_MALFORMED");
    expectCode(() => decodeCapture(ascii("P5 100000 100000 255\n")), "CAPTURE_TOO_LARGE");
  });
});

describe("PNG", () => {
  it("decodes RGBA to RGB and grey", () => {
    const p = new PNG({ width: 4, height: 3 });
    rgba().copy(p.data);
    const c = decodeCapture(PNG.sync.write(p));
    expect(c.format).toBe("png");
    expect([c.gray.width, c.gray.height]).toEqual([4, 3]);
    expect([...c.gray.data]).toEqual(Array.from({ length: 12 }, (_, i) => i * 20));
    expect(c.rgb?.data.length).toBe(36);
  });

  it("composites transparency over black and reads 16-bit grey", () => {
    const p = new PNG({ width: 4, height: 3 });
    const d = rgba();
    d[3] = 0; // first pixel fully transparent
    d.set([200, 200, 200, 128], 4);
    d.copy(p.data);
    const c = decodeCapture(PNG.sync.write(p));
    expect(c.gray.data[0]).toBe(0);
    expect(c.gray.data[1]).toBe(100);

    // 16-bit grey: each sample is v * 257, so it rescales back to v exactly.
    const p16 = new PNG({ width: 4, height: 3, colorType: 0, inputColorType: 0, bitDepth: 16 });
    const d16 = Buffer.alloc(24);
    for (let i = 0; i < 12; i++) d16.writeUInt16BE(i * 20 * 257, 2 * i);
    p16.data = d16;
    const g = decodeCapture(
      PNG.sync.write(p16, { colorType: 0, inputColorType: 0, bitDepth: 16, inputHasAlpha: false }),
    ).gray;
    expect([...g.data]).toEqual(Array.from({ length: 12 }, (_, i) => i * 20));
  });

  it("refuses truncated and corrupt files with codes", () => {
    const p = new PNG({ width: 4, height: 3 });
    rgba().copy(p.data);
    const buf = PNG.sync.write(p);
    expectCode(() => decodeCapture(buf.subarray(0, buf.length - 12)), "CAPTURE_TRUNCATED");
    expectCode(() => decodeCapture(buf.subarray(0, 20)), "CAPTURE_TRUNCATED");
    const bad = Buffer.from(buf);
    bad[40] = (bad[40]! + 1) & 0xff; // inside IDAT: CRC or inflate fails
    expectCode(() => decodeCapture(bad), "CAPTURE_MALFORMED");
  });
});

describe("JPEG", () => {
  it("decodes to RGB and grey", () => {
    const j = jpeg.encode({ width: 4, height: 3, data: rgba() }, 100).data;
    const c = decodeCapture(j);
    expect(c.format).toBe("jpeg");
    expect(c.rgb?.data.length).toBe(36);
    // Lossy: within a few levels of the source.
    for (const [i, v] of c.gray.data.entries()) expect(Math.abs(v - i * 20)).toBeLessThanOrEqual(8);
  });

  it("refuses truncated and corrupt files with codes", () => {
    const j = jpeg.encode({ width: 16, height: 16, data: Buffer.alloc(16 * 16 * 4, 128) }, 90).data;
    expectCode(() => decodeCapture(j.subarray(0, j.length - 40)), "CAPTURE_TRUNCATED");
    expectCode(
      () => decodeCapture(new Uint8Array([0xff, 0xd8, 0xff, 0x00, 0xff, 0xd9])),
      "CAPTURE_MALFORMED",
    );
  });
});

describe("format sniffing", () => {
  it("uses magic bytes and refuses the rest", () => {
    expect(sniffFormat(orl)).toBe("pgm");
    expectCode(() => decodeCapture(new Uint8Array()), "CAPTURE_EMPTY");
    expectCode(() => decodeCapture(ascii("GIF89a....")), "CAPTURE_UNSUPPORTED_FORMAT");
    expectCode(() => decodeCapture(ascii("P6 1 1 255\n\0\0\0")), "CAPTURE_UNSUPPORTED_FORMAT");
  });
});
