import { ArgumentError } from "@zkpop/errors";
import { describe, expect, it } from "vitest";
import { canonicalJson, generateApiKey, hashApiKey, proofHash, safeEqual, TagHasher } from "../src/crypto.js";
import { createScratchDb } from "./helpers/pg.js";

describe("tag hashing and keys", () => {
  it("peppers tags with HMAC-SHA256, deterministically", () => {
    const a = new TagHasher("pepper-aaaaaaaaaaaaaaaaaaaaaaaaaa");
    const b = new TagHasher("pepper-bbbbbbbbbbbbbbbbbbbbbbbbbb");
    expect(a.hash("123")).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash("123")).toBe(a.hash("123"));
    expect(a.hash("123")).not.toBe(b.hash("123"));
    expect(a.hash("123")).not.toBe(a.hash("124"));
    expect(() => a.hash("0123")).toThrow(ArgumentError);
    expect(() => new TagHasher("short")).toThrow(ArgumentError);
    expect(JSON.stringify({ a })).not.toContain("pepper-a");
  });

  it("API keys are random and stored only as a hash", () => {
    const k = generateApiKey();
    expect(k).toMatch(/^zkpop_[A-Za-z0-9_-]{43}$/);
    expect(generateApiKey()).not.toBe(k);
    expect(hashApiKey(k)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(k)).not.toContain(k);
    expect(safeEqual("a", "a")).toBe(true);
    expect(safeEqual("a", "ab")).toBe(false);
  });

  it("hashes proofs independently of key order", () => {
    expect(canonicalJson({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe('{"a":[1,{"c":3,"d":2}],"b":1}');
    expect(proofHash({ x: "1", y: "2" })).toBe(proofHash({ y: "2", x: "1" }));
    expect(proofHash({ x: "1" })).not.toBe(proofHash({ x: "2" }));
  });
});

describe("postgres test setup", () => {
  it("fails loudly (not a skip) when PostgreSQL is unreachable", async () => {
    await expect(createScratchDb("postgres://postgres@127.0.0.1:1/postgres")).rejects.toThrow(
      /not reachable.*ZKPOP_SKIP_PG=1/,
    );
  });
});
