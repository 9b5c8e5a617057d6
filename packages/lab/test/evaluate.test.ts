import { describe, expect, it } from "vitest";
import { evaluateEmbeddings, pairScores, similarity, verificationReport } from "../src/evaluate.js";

describe("similarity", () => {
  it("computes cosine and minus the Euclidean distance", () => {
    expect(similarity([1, 0], [0, 1], "cosine")).toBeCloseTo(0);
    expect(similarity([3, 4], [0, 0], "euclidean")).toBeCloseTo(-5);
  });
});

describe("verificationReport", () => {
  it("is 0 when genuine and impostor scores are separated", () => {
    const r = verificationReport({
      genuine: Float64Array.from([0.9, 0.8]),
      impostor: Float64Array.from([0.1, 0.2, 0.3]),
    });
    expect(r.eer).toBe(0);
    expect(r.atFmr[0]!.fnmr).toBe(0);
  });

  it("finds the crossing on a known overlap", () => {
    // Genuine 2..11, impostor 0..9: at threshold 6, FMR = 4/10 (6..9) and FNMR = 4/10 (2..5).
    const genuine = Float64Array.from({ length: 10 }, (_, i) => 2 + i);
    const impostor = Float64Array.from({ length: 10 }, (_, i) => i);
    const r = verificationReport({ genuine, impostor });
    expect(r.eer).toBeCloseTo(0.4, 10);
    expect(r.eerThreshold).toBe(6);
    expect(r.genuinePairs).toBe(10);
  });

  it("reports FNMR at a fixed FMR and flags targets the data cannot resolve", () => {
    const impostor = Float64Array.from({ length: 1000 }, (_, i) => i / 1000); // 0 .. 0.999
    const genuine = Float64Array.from({ length: 100 }, (_, i) => 0.95 + i / 1000); // 0.95 .. 1.049
    const r = verificationReport({ genuine, impostor }, [1e-2, 1e-4]);
    // FMR <= 1 % needs threshold > 0.989 (10 impostors >= 0.99 allowed): genuine below 0.99 are 40.
    expect(r.atFmr[0]!.fmr).toBeLessThanOrEqual(0.01);
    expect(r.atFmr[0]!.fnmr).toBeCloseTo(0.4, 10);
    expect(r.atFmr[0]!.resolvable).toBe(true);
    expect(r.atFmr[1]!.resolvable).toBe(false);
  });
});

describe("evaluateEmbeddings", () => {
  it("splits all pairs by label", () => {
    const emb = [
      [0, 0],
      [0, 0.1],
      [5, 5],
      [5, 5.1],
    ];
    const labels = ["a", "a", "b", "b"];
    const s = pairScores(emb, labels);
    expect([s.genuine.length, s.impostor.length]).toEqual([2, 4]);
    expect(evaluateEmbeddings(emb, labels).eer).toBe(0);
  });
});
