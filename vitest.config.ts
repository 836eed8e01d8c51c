import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Builds dist/ when it is not current (test/setup/build-dist.ts): suites run the built CLI.
    globalSetup: ["test/setup/build-dist.ts"],
    setupFiles: ["test/setup/rule-tester.ts"],
    testTimeout: 30_000,
  },
});
