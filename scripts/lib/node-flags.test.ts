// Every way the app and the worker are started carries the same V8 flags: a
// start command that lost them would quietly give the app ~110 MB back.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SERVER_NODE_FLAGS } from "./node-flags.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

describe("server node flags", () => {
  it("are what npm start (scripts/start.sh), npm run worker, the Dockerfile and docker-compose.yml run the app and the worker with", () => {
    expect(SERVER_NODE_FLAGS.length).toBeGreaterThan(0);
    const scripts = (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBe("sh scripts/start.sh");
    const start = read("scripts/start.sh").split("\n").find((l) => l.startsWith("exec node "))!;
    const dockerCmd = read("Dockerfile").split("\n").find((l) => l.startsWith("CMD "))!;
    const composeCommands = read("docker-compose.yml").split("\n").filter((l) => /command: \["node"/.test(l));
    expect(composeCommands).toHaveLength(2);
    for (const flag of SERVER_NODE_FLAGS) {
      expect(start.split(" ")).toContain(flag);
      expect(scripts.worker!.split(" ")).toContain(flag);
      expect(dockerCmd).toContain(`"${flag}"`);
      for (const line of composeCommands) expect(line).toContain(`"${flag}"`);
    }
    // The worker supervisor spawns with the list itself; the soak and the tests' startApp run scripts/start.sh.
    expect(read("scripts/start.ts")).toContain("...SERVER_NODE_FLAGS");
    for (const file of ["bench/soak.ts", "tests/setup/app-process.ts"]) expect(read(file)).toMatch(/spawn\("sh", \[path\.join\(ROOT, "scripts\/start\.sh"\)/);
  });
});
