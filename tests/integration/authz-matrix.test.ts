// The authorisation matrix (issue 9, item 12): every route the app has × every
// actor → the outcome tests/authz/policy.ts gives, checked by calling the
// route modules' loaders and actions with real Requests (session cookie, CSRF
// token, same Origin) on this file's own database; the tus endpoint at the
// HTTP level. A route without a row, a row without a route, or a method or
// intent the row does not cover fails the first describe block with what to
// paste; any cell that answers differently fails the second with a diff.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "~/server/platform/env.server.ts";
import { stopQueue } from "~/server/jobs/queue.server.ts";
import { getStore, type ObjectStore } from "~/server/storage/storage.server.ts";
import { buildWorld, type World } from "../authz/fixtures.ts";
import { formatDiff, runEndpointCell, runRouteCell, runSample, type CellReport } from "../authz/matrix.ts";
import { ACTOR_DESCRIPTIONS, ENDPOINT_POLICY, ROUTE_POLICY, type MethodPolicy, type RoutePolicy } from "../authz/policy.ts";
import {
  expressMounts,
  importRoute,
  intentsInSource,
  loadAppRoutes,
  matchPattern,
  routeFunction,
  routeSource,
  rowTemplate,
  type AppRoute,
  type RouteModule,
} from "../authz/routes.ts";

// Test harness: this file's own directory or bucket for the object store, before anything reads it.
const runId = `${Date.now().toString(36)}-${randomBytes(3).toString("hex")}`;
if (process.env.S3_ENDPOINT) process.env.S3_BUCKET = `authz-${runId}`;
else process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "authz-test-"));
resetEnvForTests();

let store: ObjectStore;
let routes: AppRoute[] = [];
const modules = new Map<string, RouteModule>();
let world: World;
const tally = { cells: 0, ms: 0, cpuMs: 0, staticMethodChecks: 0 };

beforeAll(async () => {
  store = getStore();
  await store.ensureBucket();
  routes = await loadAppRoutes();
  for (const route of routes) modules.set(route.file, await importRoute(route));
  world = await buildWorld(store);
});

afterAll(async () => {
  await world?.close();
  // The media queue page reads pg-boss's lanes; close its connections before this file's database goes.
  await stopQueue({ timeoutMs: 5000 });
  if (store?.config.kind === "local") fs.rmSync(process.env.DATA_DIR!, { recursive: true, force: true });
  const actors = Object.keys(ACTOR_DESCRIPTIONS).length;
  console.info(
    `authz matrix: ${tally.cells} cells in ${(tally.ms / 1000).toFixed(1)} s, ${(tally.cpuMs / 1000).toFixed(1)} s of CPU ` +
      `(${routes.length} routes and /uploads × ${actors} actors); ` +
      `${tally.staticMethodChecks} methods without a handler`,
  );
});

/** CPU time of this process (the app code and the embedded database both run in it) since `since`. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** Long ids and tokens cut down for the diff. */
function shorten(url: string): string {
  return url.length > 80 ? `${url.slice(0, 77)}…` : url;
}

function methodProblems(route: AppRoute, mod: RouteModule, method: "GET" | "POST", policy: MethodPolicy): string[] {
  const handler = method === "GET" ? "loader" : "action";
  const none = method === "GET" ? "noLoader" : "methodNotAllowed";
  const has = routeFunction(mod, method) !== null;
  if (has && typeof policy === "string") return [`exports a ${handler}, so ${method} needs samples (the row says "${policy}")`];
  if (!has && policy !== none) return [`exports no ${handler}: ${method} is "${none}"`];
  if (typeof policy === "string") return [];
  const problems: string[] = [];
  if (policy.length === 0) problems.push(`${method} has no samples`);
  for (const sample of policy) {
    const url = sample.url(world.fixtures);
    if (!matchPattern(route.path, new URL(url, "http://x").pathname)) problems.push(`${method} sample "${sample.name}": ${url} is not a URL of ${route.path}`);
    if (method === "GET" && (sample.intent || sample.form)) problems.push(`GET sample "${sample.name}" has a form`);
  }
  return problems;
}

/** Every intent the action knows has samples, each with an empty form first, and a form without an intent is tried. */
function intentProblems(route: AppRoute, policy: MethodPolicy): string[] {
  if (typeof policy === "string") return [];
  const known = intentsInSource(routeSource(route));
  const problems: string[] = [];
  const withIntent = (intent: string | undefined) => policy.filter((s) => s.intent === intent);
  for (const intent of known) {
    if (withIntent(intent).length === 0) problems.push(`the action knows intent "${intent}": add POST samples with intent: "${intent}"`);
    else if (!withIntent(intent).some((s) => !s.form)) problems.push(`intent "${intent}" needs a sample with an empty form (no \`form\`)`);
  }
  for (const sample of policy) {
    if (sample.intent && !known.includes(sample.intent)) problems.push(`POST sample "${sample.name}" sends intent "${sample.intent}", which ${route.file} does not know`);
  }
  if (!withIntent(undefined).some((s) => !s.form)) {
    problems.push(known.length > 0 ? `POST needs a sample without an intent (empty form)` : `POST needs a sample with an empty form (no \`form\`)`);
  }
  return problems;
}

describe("the policy table covers every route the app has", () => {
  it("every route file has a row in tests/authz/policy.ts", () => {
    const missing = routes.filter((r) => !ROUTE_POLICY[r.file]);
    const help = missing.map(
      (r) => `${r.file} (${r.path}) has no row in ROUTE_POLICY (tests/authz/policy.ts). Paste this and fill in the TODOs:\n\n${rowTemplate(r, modules.get(r.file)!, intentsInSource(routeSource(r)))}\n`,
    );
    if (missing.length > 0) expect.fail(`\n${help.join("\n")}`);
  });

  it("every row is a route the app still has", () => {
    const files = new Set(routes.map((r) => r.file));
    const stale = Object.keys(ROUTE_POLICY).filter((file) => !files.has(file));
    const help = stale.map((file) => `ROUTE_POLICY["${file}"]: no such route in the app's route config (app/routes.ts); remove the row or fix its name`);
    if (stale.length > 0) expect.fail(`\n${help.join("\n")}\nRoutes the app has: ${[...files].join(", ")}`);
  });

  it("each row matches its route: URL pattern, loader and action, every intent, samples on the route's own URLs", () => {
    const problems: string[] = [];
    for (const route of routes) {
      const policy: RoutePolicy | undefined = ROUTE_POLICY[route.file];
      if (!policy) continue;
      const mod = modules.get(route.file)!;
      const own = [
        ...(policy.path === route.path ? [] : [`path is "${route.path}", the row says "${policy.path}"`]),
        ...methodProblems(route, mod, "GET", policy.GET),
        ...methodProblems(route, mod, "POST", policy.POST),
        ...intentProblems(route, policy.POST),
      ];
      problems.push(...own.map((p) => `${route.file}: ${p}`));
    }
    if (problems.length > 0) expect.fail(`rows that do not match their routes (tests/authz/policy.ts):\n${problems.join("\n")}`);
  });

  it("every express mount outside Remix (app/server/http.server.ts) has a row in ENDPOINT_POLICY", () => {
    const mounts = expressMounts();
    const missing = mounts.filter((m) => !ENDPOINT_POLICY[m]).map((m) => `${m}: mounted in http.server.ts, no row in ENDPOINT_POLICY`);
    const stale = Object.keys(ENDPOINT_POLICY)
      .filter((m) => !mounts.includes(m))
      .map((m) => `ENDPOINT_POLICY["${m}"]: not mounted in http.server.ts any more`);
    if (missing.length + stale.length > 0) expect.fail([...missing, ...stale].join("\n"));
  });
});

describe("authorisation matrix: each route × each actor", () => {
  for (const [file, policy] of Object.entries(ROUTE_POLICY)) {
    it(`${policy.path}  (${file})`, async () => {
      const route = routes.find((r) => r.file === file);
      if (!route) return expect.fail(`${file}: no such route (see "every row is a route the app still has")`);
      const mod = modules.get(file)!;
      const started = Date.now();
      const cpu = process.cpuUsage();
      const reports: CellReport[] = [];
      for (const method of ["GET", "POST"] as const) {
        const samples = policy[method];
        if (typeof samples === "string") {
          tally.staticMethodChecks++;
          continue;
        }
        for (const sample of samples) {
          const url = sample.url(world.fixtures);
          const label = `${method} ${policy.path}${sample.intent ? ` intent=${sample.intent}` : ""}  [${sample.name}: ${shorten(url)}]`;
          reports.push(
            ...(await runSample({
              label,
              url,
              expect: sample.expect,
              world,
              // An empty form names no object: a wrong actor is refused before the body is read.
              refuseUnread: method === "POST" && !sample.form,
              cell: (actor) => runRouteCell({ mod, method, pattern: route.path, sample, url, actor, world }),
            })),
          );
        }
      }
      tally.cells += reports.length;
      tally.ms += Date.now() - started;
      tally.cpuMs += cpuMs(cpu);
      if (!reports.every((r) => r.pass)) expect.fail(formatDiff(`${policy.path} (${file})`, reports));
    });
  }

  for (const [mount, policy] of Object.entries(ENDPOINT_POLICY)) {
    if (!("samples" in policy)) continue;
    it(`${mount}  (express, app/server/http.server.ts)`, async () => {
      const started = Date.now();
      const cpu = process.cpuUsage();
      const reports: CellReport[] = [];
      for (const sample of policy.samples) {
        const url = sample.url(world.fixtures);
        reports.push(
          ...(await runSample({
            label: `${sample.method} ${shorten(url)}  [${sample.name}]`,
            url,
            expect: sample.expect,
            world,
            cell: (actor) => runEndpointCell({ sample, actor, world }),
          })),
        );
      }
      tally.cells += reports.length;
      tally.ms += Date.now() - started;
      tally.cpuMs += cpuMs(cpu);
      if (!reports.every((r) => r.pass)) expect.fail(formatDiff(mount, reports));
    });
  }
});
