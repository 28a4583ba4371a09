// Prints one plain closing line, "tests: N passed, N failed, N skipped",
// after vitest's own summary, so CI can read the result whatever runner it knows.
// Loud notices registered by setup code (missing Chromium, no S3 server) are
// printed just above it, so a skipped suite is never mistaken for a pass.
import type { Reporter, TestModule } from "vitest/node";
import { readNotices } from "./notices.ts";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed++;
        else if (state === "failed") failed++;
        else skipped++;
      }
      if (mod.state() === "failed" && ![...mod.children.allTests()].some((t) => t.result().state === "failed")) {
        failed++; // a file that failed to load or whose hooks failed
      }
    }
    const notices = readNotices();
    if (notices.length > 0) {
      process.stdout.write("\n" + notices.map((n) => `  !! ${n}`).join("\n") + "\n");
    }
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
