// What a test run must have. CI must run everything (a missing Chromium or S3
// server there is a failure, not a skip), except on its deliberate
// fresh-machine run (FRESH_MACHINE=1, set by .ci/run around
// .ci/without-system-tools): that run proves what `npm install` alone gives,
// so Debian's Chromium and the S3 server are absent by design and their
// tests are skipped with a loud notice, as on a developer's bare machine.
import fs from "node:fs";

export function mustRunEverything(): boolean {
  return process.env.CI === "true" && process.env.FRESH_MACHINE !== "1";
}

/** A regular file with an execute bit: a binary masked by a bind-mounted /dev/null does not count. */
export function isExecutableFile(file: string): boolean {
  try {
    const stat = fs.statSync(file);
    return stat.isFile() && (stat.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

export const CHROMIUM = "/usr/bin/chromium";
