// What the media worker loads, read from the source (tests/setup/import-graph.ts):
// the worker is a separate process that must never load the web app (Remix,
// React, routes, components, sessions, the HTTP server or the tus endpoint),
// so that it starts quickly, stays small, and a web-only change cannot break
// it. And app/server has no import cycles: a cycle works only while no module
// in it uses another's exports at load time, which nothing checks.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findCycles, REPO_ROOT, walkModuleGraph } from "../setup/import-graph.ts";

const WORKER_ENTRY = "media-worker/index.ts";

const FORBIDDEN_PACKAGES = [/^@remix-run\//, /^react(-dom)?$/, /^@tus\/server$/, /^express$/, /^tus-js-client$/];
const FORBIDDEN_FILES = [
  /^app\/routes\//,
  /^app\/components\//,
  /^app\/root\.tsx$/,
  /^app\/entry\.(server|client)\.tsx$/,
  /^app\/i18n\/index\.ts$/,
  /^app\/server\/auth\//,
  /^app\/server\/(home|entries)\//,
  /^app\/server\/platform\/http\.server\.ts$/,
  /^app\/server\/uploads\/uploads\.server\.ts$/,
];

/** The chain of imports from the entry to `target`, for a readable failure. */
function pathTo(edges: Map<string, string[]>, from: string, target: string): string[] {
  const previous = new Map<string, string>();
  const queue = [from];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (file === target) break;
    for (const next of edges.get(file) ?? []) {
      if (previous.has(next) || next === from) continue;
      previous.set(next, file);
      queue.push(next);
    }
  }
  const chain = [target];
  while (previous.has(chain[0]!)) chain.unshift(previous.get(chain[0]!)!);
  return chain;
}

describe("the media worker's imports", () => {
  const graph = walkModuleGraph([WORKER_ENTRY]);

  it("reach what the worker runs (the walk follows ~/ and relative imports)", () => {
    for (const file of [
      "media-worker/handlers/sweep-storage.ts",
      "media-worker/media/heif-decode-thread.mjs",
      "app/server/uploads/upload-store.server.ts",
      "app/server/storage/s3-store.server.ts",
      "app/server/jobs/queue.server.ts",
    ]) {
      expect(graph.files, file).toContain(file);
    }
    expect([...graph.packages.keys()]).toEqual(expect.arrayContaining(["sharp", "pg-boss", "minio", "@tus/s3-store"]));
  });

  it("never reach Remix, React, the tus HTTP server or express", () => {
    const offending = [...graph.packages].filter(([name]) => FORBIDDEN_PACKAGES.some((p) => p.test(name)));
    expect(offending.map(([name, importers]) => `${name} ← ${importers.join(", ")}`)).toEqual([]);
  });

  it("never reach routes, components, the React side of i18n, sessions, pages or the HTTP endpoints", () => {
    const offending = [...graph.files].filter((file) => FORBIDDEN_FILES.some((p) => p.test(file)));
    expect(offending.map((file) => pathTo(graph.edges, WORKER_ENTRY, file).join(" → "))).toEqual([]);
  });
});

describe("app/server", () => {
  it("has no import cycles", () => {
    const serverDir = path.join(REPO_ROOT, "app/server");
    const files = fs
      .readdirSync(serverDir, { recursive: true, encoding: "utf8" })
      .filter((f) => /\.(ts|tsx)$/.test(f))
      .map((f) => path.join("app/server", f));
    const graph = walkModuleGraph(files);
    expect(findCycles(graph.edges, (file) => file.startsWith("app/server/"))).toEqual([]);
  });
});
