import { defineConfig } from "vitest/config";

// Three projects: unit (pure code next to it), integration (real PostgreSQL or
// PGlite, real S3 or the local store, real ffmpeg and sharp), browser
// (Playwright driving Debian's Chromium against a running app).
export default defineConfig({
  resolve: { alias: { "~": new URL("./app", import.meta.url).pathname } },
  test: {
    reporters: ["default", "./tests/setup/summary-reporter.ts"],
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["app/**/*.test.ts", "media-worker/**/*.test.ts", "prisma/**/*.test.ts", "scripts/**/*.test.ts"],
          environment: "node",
          // Font subsetting and 10,000-row sheets take a second alone and several on a loaded 2-core machine.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          // Media lanes back off for hours in production; a retry in a test comes after a second or two.
          env: { JOB_RETRY_DELAY_SECONDS: "1", JOB_RETRY_DELAY_MAX_SECONDS: "2", LANE_RECHECK_SECONDS: "1" },
          globalSetup: ["tests/setup/global-setup.ts"],
          setupFiles: ["tests/setup/per-file-db.ts"],
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: ["tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/setup/global-setup.ts"],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
