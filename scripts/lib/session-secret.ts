// The embedded default's SESSION_SECRET: generated once, kept in DATA_DIR
// with owner-only permissions, so sessions survive restarts.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export function loadOrCreateSessionSecret(dataDir: string): { secret: string; created: boolean } {
  const file = path.join(dataDir, "session-secret");
  try {
    const secret = fs.readFileSync(file, "utf8").trim();
    if (secret.length >= 32) {
      fs.chmodSync(file, 0o600);
      return { secret, created: false };
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const secret = randomBytes(48).toString("base64url");
  // Written to a temporary file and renamed, so a crash never leaves a half secret behind.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, secret + "\n", { mode: 0o600 });
  fs.renameSync(tmp, file);
  return { secret, created: true };
}
