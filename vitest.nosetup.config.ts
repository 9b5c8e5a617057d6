import { defineConfig } from "vitest/config";
export default defineConfig({
  root: "/work/wt/9",
  test: {
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 180_000,
    pool: "forks",
    maxWorkers: 1,
  },
});
