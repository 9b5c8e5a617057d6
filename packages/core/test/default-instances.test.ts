/** defaultMembership() after a failed load: the failure is not cached, the next call loads. */
import { writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defaultMembership } from "../src/index.js";

const saved = process.env.ZKPOP_HOME;
afterAll(async () => {
  process.env.ZKPOP_HOME = saved;
  await (await defaultMembership()).close();
});

describe("defaultMembership", () => {
  it("retries after a failed load instead of returning the rejection forever", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "zkpop-default-"));
    const file = path.join(dir, "not-a-folder");
    writeFileSync(file, "");
    process.env.ZKPOP_HOME = file; // the artifact cache cannot be created under a file
    await expect(defaultMembership()).rejects.toThrow();
    process.env.ZKPOP_HOME = saved; // the real cache (built by the global setup)
    const m = await defaultMembership();
    expect(m.depth).toBe(20);
  });
});
