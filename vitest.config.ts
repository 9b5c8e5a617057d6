import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    // Circuits and keys are built once here, not per test file (see test/global-setup.ts).
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 180_000,
    hookTimeout: 900_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
