// The project's own module graph, read with TypeScript's parser (no bundler,
// no running code): which files and packages a module loads at run time.
// Type-only imports are left out (they are erased), dynamic import() and
// `new Worker(new URL("./x.mjs", import.meta.url))` are followed.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const APP_DIR = path.join(REPO_ROOT, "app");
const EXTENSIONS = ["", ".ts", ".tsx", ".mjs", ".js", "/index.ts", "/index.tsx"];

export type ModuleImport = { specifier: string; typeOnly: boolean };

/** The imports of one file: static, export-from, dynamic import("…") with a literal, worker URLs. */
export function readImports(file: string): ModuleImport[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: ModuleImport[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const everyNamedIsType =
        bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
      const typeOnly = clause !== undefined && (clause.isTypeOnly || (clause.name === undefined && everyNamedIsType));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) found.push({ specifier: arg.text, typeOnly: false });
    } else if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "URL") {
      const [arg, base] = node.arguments ?? [];
      const relativeToModule = base !== undefined && base.getText(source) === "import.meta.url";
      if (arg && ts.isStringLiteralLike(arg) && relativeToModule && /\.(m?[jt]s|tsx)$/.test(arg.text)) found.push({ specifier: arg.text, typeOnly: false });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The file a project specifier (relative or `~/`) names; null for a package or Node built-in. */
export function resolveProjectImport(fromFile: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("~/")) base = path.join(APP_DIR, specifier.slice(2));
  else if (specifier.startsWith("./") || specifier.startsWith("../")) base = path.resolve(path.dirname(fromFile), specifier);
  else return null;
  for (const ext of EXTENSIONS) {
    const candidate = base + ext;
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`${path.relative(REPO_ROOT, fromFile)}: cannot resolve ${specifier}`);
}

/** `@scope/name` or `name` for a package specifier; `node:x` for built-ins. */
export function packageName(specifier: string): string {
  if (specifier.startsWith("node:")) return specifier;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

export interface ModuleGraph {
  /** Repository-relative paths of every project file reached. */
  files: Set<string>;
  /** Packages reached, each with the project files that import it. */
  packages: Map<string, string[]>;
  /** Repository-relative file → the project files it loads. */
  edges: Map<string, string[]>;
}

/** Everything `entry` loads at run time, transitively (value imports only). */
export function walkModuleGraph(entries: string[]): ModuleGraph {
  const graph: ModuleGraph = { files: new Set(), packages: new Map(), edges: new Map() };
  const pending = entries.map((e) => path.resolve(REPO_ROOT, e));
  while (pending.length > 0) {
    const file = pending.pop()!;
    const rel = path.relative(REPO_ROOT, file);
    if (graph.files.has(rel)) continue;
    graph.files.add(rel);
    const targets: string[] = [];
    for (const { specifier, typeOnly } of readImports(file)) {
      if (typeOnly) continue;
      const target = resolveProjectImport(file, specifier);
      if (target) {
        targets.push(path.relative(REPO_ROOT, target));
        pending.push(target);
      } else {
        const name = packageName(specifier);
        graph.packages.set(name, [...(graph.packages.get(name) ?? []), rel]);
      }
    }
    graph.edges.set(rel, targets);
  }
  return graph;
}

/** Import cycles among `files` (strongly connected components of more than one file, or a file importing itself). */
export function findCycles(edges: Map<string, string[]>, within: (file: string) => boolean): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let counter = 0;
  const connect = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of (edges.get(v) ?? []).filter(within)) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || (edges.get(v) ?? []).includes(v)) cycles.push(component.sort());
  };
  for (const v of [...edges.keys()].filter(within)) if (!index.has(v)) connect(v);
  return cycles;
}
