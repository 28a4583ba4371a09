// The routes the app really has, from the same route config the build uses:
// app/routes.ts (flatRoutes from @remix-run/fs-routes, with its ignore
// patterns) evaluated here the way @remix-run/dev's Vite plugin does it, plus
// the root route Remix adds above it. Not a directory listing of app/routes
// (that would disagree with the build on ignored files, folders with
// route.tsx, and any route added by hand to routes.ts), and not the manifest
// of a `remix vite:build` (a minute of building, and stale whenever the test
// runs without one).
import fs from "node:fs";
import path from "node:path";
import type { RouteConfigEntry } from "@remix-run/route-config";

export const APP_DIR = path.resolve(import.meta.dirname, "../../app");

export type RouteModule = { loader?: unknown; action?: unknown; default?: unknown };
type RouteFunction = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;

export type AppRoute = {
  id: string;
  /** Relative to app/, as the route config names it: "routes/entries.$entryId.tsx". */
  file: string;
  /** The full URL pattern: "/entries/:entryId". */
  path: string;
};

/**
 * @remix-run/dev sets this before it evaluates routes.ts (setRouteConfigAppDirectory
 * in dist/config/routes.js); flatRoutes reads it through getAppDirectory().
 */
function setRouteConfigAppDirectory(dir: string): void {
  (globalThis as { __remixAppDirectory?: string }).__remixAppDirectory = dir;
}

function rootFile(): string {
  const found = ["root.tsx", "root.ts", "root.jsx", "root.js"].find((f) => fs.existsSync(path.join(APP_DIR, f)));
  if (!found) throw new Error(`no root route in ${APP_DIR}`);
  return found;
}

function joinPath(parent: string, child: string | undefined): string {
  if (!child) return parent;
  return `${parent.replace(/\/$/, "")}/${child.replace(/^\//, "")}`;
}

function flatten(entries: readonly RouteConfigEntry[], parentPath: string, out: AppRoute[]): void {
  for (const entry of entries) {
    const full = joinPath(parentPath, entry.path);
    out.push({ id: entry.id ?? entry.file.replace(/\.[jt]sx?$/, ""), file: entry.file, path: full });
    if (entry.children) flatten(entry.children, full, out);
  }
}

export async function loadAppRoutes(): Promise<AppRoute[]> {
  setRouteConfigAppDirectory(APP_DIR);
  const config = (await import("~/routes.ts")).default;
  const routes: AppRoute[] = [{ id: "root", file: rootFile(), path: "/" }];
  flatten(await config, "/", routes);
  return routes;
}

export async function importRoute(route: AppRoute): Promise<RouteModule> {
  return (await import(/* @vite-ignore */ path.join(APP_DIR, route.file))) as RouteModule;
}

export function routeFunction(mod: RouteModule, method: "GET" | "POST"): RouteFunction | null {
  const fn = method === "GET" ? mod.loader : mod.action;
  return typeof fn === "function" ? (fn as RouteFunction) : null;
}

/** The params of `pathname` under a route pattern ("/entries/:entryId"), or null when it does not match. */
export function matchPattern(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split("/").filter(Boolean);
  const got = pathname.split("/").filter(Boolean);
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i]!;
    if (segment === "*") {
      params["*"] = got.slice(i).map(decodeURIComponent).join("/");
      return params;
    }
    const value = got[i];
    if (value === undefined) return null;
    if (segment.startsWith(":")) params[segment.slice(1)] = decodeURIComponent(value);
    else if (segment !== value) return null;
  }
  return got.length === want.length ? params : null;
}

/**
 * The `intent` values an action dispatches on, read from the route's source:
 * `const Intent = z.enum([...])`, `intent: z.literal("...")` (discriminated
 * unions), `intent === "..."` and `intentOf(form) === "..."` comparisons, and
 * the cases of a `switch (intentOf(form))`. A source scan, so an unusual
 * spelling can hide an intent: keep to these forms.
 */
export function intentsInSource(source: string): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(/const\s+\w*Intents?\w*\s*=\s*z\.enum\(\s*\[([^\]]*)\]/g)) {
    for (const s of m[1]!.matchAll(/"([^"]+)"/g)) found.add(s[1]!);
  }
  for (const m of source.matchAll(/\bintent\s*:\s*z\.literal\(\s*"([^"]+)"/g)) found.add(m[1]!);
  for (const m of source.matchAll(/\bintent(?:\.data)?\s*===?\s*"([^"]+)"/g)) found.add(m[1]!);
  for (const m of source.matchAll(/\bintentOf\([^)]*\)\s*===?\s*"([^"]+)"/g)) found.add(m[1]!);
  for (const block of source.matchAll(/switch\s*\(\s*intentOf\([^)]*\)\s*\)\s*\{([\s\S]*?)\n {2}\}/g)) {
    for (const m of block[1]!.matchAll(/\bcase\s+"([^"]+)"\s*:/g)) found.add(m[1]!);
  }
  return [...found].sort();
}

export function routeSource(route: AppRoute): string {
  return fs.readFileSync(path.join(APP_DIR, route.file), "utf8");
}

/** Express mounts in http.server.ts other than the catch-all Remix handler: "/uploads", "/healthz", … */
export function expressMounts(): string[] {
  const source = fs.readFileSync(path.join(APP_DIR, "server/platform/http.server.ts"), "utf8");
  const mounts = new Set<string>();
  for (const m of source.matchAll(/\bapp\.(?:use|get|post|put|patch|delete|all)\(\s*"(\/[^"*]*)"/g)) mounts.add(m[1]!);
  return [...mounts].sort();
}

/** A row to paste into ROUTE_POLICY for a route that has none. */
export function rowTemplate(route: AppRoute, mod: RouteModule, intents: readonly string[]): string {
  const params = route.path.split("/").filter((s) => s.startsWith(":")).map((s) => s.slice(1));
  const url = params.length === 0 ? `() => "${route.path}"` : `(f) => \`${route.path.replace(/:(\w+)/g, "${f.TODO_$1}")}\``;
  const expect = `expect: { anonymous: "login", TODO_actor: "ok", others: "notFound" }`;
  const get = routeFunction(mod, "GET") ? `[\n      { name: "TODO whose object", url: ${url}, ${expect} },\n    ]` : `"noLoader"`;
  const postSamples = [
    ...(intents.length > 0 ? [`{ name: "no intent", url: ${url}, ${expect} }`] : []),
    ...(intents.length > 0 ? intents.map((i) => `{ name: "TODO empty form", url: ${url}, intent: "${i}", ${expect} }`) : [`{ name: "empty form", url: ${url}, ${expect} }`]),
  ];
  const post = routeFunction(mod, "POST") ? `[\n${postSamples.map((s) => `      ${s},`).join("\n")}\n    ]` : `"methodNotAllowed"`;
  return [`  "${route.file}": {`, `    path: "${route.path}",`, `    GET: ${get},`, `    POST: ${post},`, `  },`].join("\n");
}
