// Loud notices from test setup ("browser tests did not run: no Chromium")
// collected in a file, because setup code and the reporter run in different
// processes.
import fs from "node:fs";
import path from "node:path";

const FILE = path.resolve(".tmp/test-notices.txt");

export function addNotice(message: string): void {
  fs.mkdirSync(path.dirname(FILE), { recursive: true });
  const existing = fs.existsSync(FILE) ? fs.readFileSync(FILE, "utf8").split("\n") : [];
  if (!existing.includes(message)) fs.appendFileSync(FILE, message + "\n");
  console.warn(`!! ${message}`);
}

export function readNotices(): string[] {
  if (!fs.existsSync(FILE)) return [];
  return fs.readFileSync(FILE, "utf8").split("\n").filter(Boolean);
}

export function clearNotices(): void {
  fs.rmSync(FILE, { force: true });
}
