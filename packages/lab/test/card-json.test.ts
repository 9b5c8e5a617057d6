/** The card's JSON is the card: long strings (the command line, the dataset credit) stay strings. */
import { describe, expect, it } from "vitest";
import { cardJson, type PerformanceCard } from "../src/index.js";

describe("cardJson", () => {
  it("round-trips a card whose strings are longer than a line", () => {
    const card = {
      format: "zkpop-performance-card/1",
      run: {
        command: `zkpop eval --data ${"/very/long/path/".repeat(12)}orl-faces --subjects 21-40`,
        seconds: 1.5,
      },
      dataset: {
        credit: "ORL face database, Olivetti Research Laboratory, Cambridge. ".repeat(4),
        faces: 400,
      },
      grid: [{ L: 48, k: 8, m: [12, 16] }],
    } as unknown as PerformanceCard;
    expect(JSON.parse(cardJson(card))).toEqual(card);
  });
});
