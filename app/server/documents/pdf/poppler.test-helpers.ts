// Test helpers: poppler-utils' pdftotext reads our PDFs the way copying and
// searching in a reader do. A missing tool is reported loudly and fails CI,
// never turned into a silent pass.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function hasPopplerTool(name: "pdftotext"): boolean {
  if (spawnSync(name, ["-v"]).error === undefined) return true;
  // CI's fresh-machine run (FRESH_MACHINE=1) has no Debian packages by design; its full run must have it.
  if (process.env.CI === "true" && process.env.FRESH_MACHINE !== "1") throw new Error(`${name} (Debian: poppler-utils) is required in CI`);
  console.warn(`\n!!! ${name} is not installed (Debian: poppler-utils): this check is SKIPPED, not passed !!!\n`);
  return false;
}

function withPdfFile<T>(pdf: Uint8Array, run: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), "pdf-test-"));
  try {
    const file = join(dir, "document.pdf");
    writeFileSync(file, pdf);
    return run(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function pdfToText(pdf: Uint8Array): string {
  return withPdfFile(pdf, (file) => {
    const result = spawnSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"], { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`pdftotext failed: ${result.stderr}`);
    return result.stdout;
  });
}
