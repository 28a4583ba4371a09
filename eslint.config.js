import { builtinModules } from "node:module";
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// ---------------------------------------------------------------------------
// Import boundaries (README "Architecture"). Two independent layers, so that
// neither's per-file blocks replace the other's (in flat config the last block
// that sets a rule for a file wins, options and all):
// - owners, as @typescript-eslint/no-restricted-imports: each effectful
//   library is imported by the one module that owns it; everything else calls
//   that module. Tests and benchmarks may import the libraries themselves (to
//   inspect outputs, stand up servers, or measure a bare baseline).
// - zones, as core no-restricted-imports: what a folder may import at all.
// tests/integration/lint-boundaries.test.ts shows each rule failing.
// ---------------------------------------------------------------------------

const CODE = ["**/*.ts", "**/*.tsx", "**/*.js", "**/*.mjs"];
const TESTS = ["tests/**", "bench/**", "**/*.test.ts", "**/*.test.tsx", "**/*.test-helpers.ts"];

/** `^name(/…)?$` for a package, `^@scope/` for every package of a scope. */
const pkg = (name) => (name.endsWith("/*") ? `^${name.slice(0, -1).replace("/", "\\/")}` : `^${name.replace("/", "\\/")}(\\/|$)`);

/**
 * Library → the module(s) that own it. `owners` are repository paths; a path
 * ending in `/**` owns it for the whole folder. `use` says what to call instead.
 */
const OWNED_LIBRARIES = [
  // Two owners: the worker's media engine (every upload), and the web app's share-poster renderer (issue 12),
  // which composes already-made renditions into one PNG per request and must not load the worker's engine.
  {
    libs: ["sharp"],
    owners: ["media-worker/media/image.ts", "app/server/gallery/poster-image.server.ts"],
    use: "the media engine (media-worker/media/index.ts: processImage), or renderSharePoster in app/server/gallery/poster-image.server.ts",
  },
  { libs: ["heic-decode"], owners: ["media-worker/media/heif-decode-thread.mjs"], use: "decodeHeif in media-worker/media/heif.ts" },
  { libs: ["minio"], owners: ["app/server/storage/s3-store.server.ts"], use: "the ObjectStore from app/server/storage/storage.server.ts" },
  {
    libs: ["@tus/*", "@aws-sdk/*"],
    owners: ["app/server/uploads/**"],
    use: "app/server/uploads/ (upload-store.server.ts for the datastore, uploads.server.ts for the endpoint)",
  },
  { libs: ["tus-js-client"], owners: ["app/components/entry/upload-controller.ts"], use: "the browser's upload controller (app/components/entry/upload-controller.ts)" },
  { libs: ["pg-boss"], owners: ["app/server/jobs/queue.server.ts"], use: "getQueue() from app/server/jobs/queue.server.ts" },
  {
    libs: ["@electric-sql/pglite"],
    owners: ["app/server/db/embedded-db.server.ts", "app/server/db/pglite-wire.server.ts"],
    use: "startEmbeddedDatabase() from app/server/db/embedded-db.server.ts",
  },
  { libs: ["express", "@remix-run/express"], owners: ["app/server/platform/http.server.ts"], use: "app/server/platform/http.server.ts", types: true },
  // The migration runner needs a plain connection for its advisory lock and the wasm schema engine's adapter.
  { libs: ["pg", "@prisma/adapter-pg"], owners: ["app/server/db/db.server.ts", "prisma/migrator.ts"], use: "getDb() from app/server/db/db.server.ts" },
  { libs: ["exceljs", "papaparse"], owners: ["app/server/documents/sheets/sheets.server.ts"], use: "readTable/writeCsv/writeXlsx in app/server/documents/sheets/sheets.server.ts" },
  { libs: ["pdf-lib"], owners: ["app/server/documents/pdf/**"], use: "the PDF builders in app/server/documents/pdf/" },
  {
    libs: ["@pdf-lib/fontkit", "@fontsource/*"],
    owners: ["app/server/documents/pdf/fonts.server.ts"],
    use: "drawTextRuns/measureText in app/server/documents/pdf/fonts.server.ts",
  },
  { libs: ["qrcode"], owners: ["app/server/documents/qr.server.ts"], use: "qrMatrix/qrSvg/qrPng in app/server/documents/qr.server.ts" },
  // Not used yet: ZIP downloads (certificates, a school's entries) go in one module.
  { libs: ["archiver"], owners: ["app/server/documents/zip.server.ts"], use: "app/server/documents/zip.server.ts" },
];

/** The generated Prisma client: a value (the client, Prisma.DbNull …) only through the db module; types anywhere. */
const GENERATED_CLIENT = {
  regex: "(^~\\/|\\/)generated\\/prisma\\/",
  owners: ["app/server/db/db.server.ts"],
  use: "getDb() and the Prisma namespace re-exported by app/server/db/db.server.ts (type-only imports are fine)",
};

function ownerPatterns(exempt) {
  const patterns = OWNED_LIBRARIES.filter((rule) => !exempt.has(rule)).flatMap((rule) =>
    rule.libs.map((lib) => ({
      regex: pkg(lib),
      caseSensitive: true,
      allowTypeImports: rule.types === true,
      message: `${lib} is owned by ${rule.owners.join(" and ")}; use ${rule.use}.`,
    })),
  );
  if (!exempt.has(GENERATED_CLIENT)) {
    patterns.push({
      regex: GENERATED_CLIENT.regex,
      caseSensitive: true,
      allowTypeImports: true,
      message: `The generated Prisma client is loaded as a value only by ${GENERATED_CLIENT.owners[0]}; use ${GENERATED_CLIENT.use}.`,
    });
  }
  return patterns;
}

const globRegex = (glob) => new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*\*/g, "\0").replace(/\*/g, "[^/]*").replace(/\0/g, ".*")}$`);

/**
 * One block per owner path, exempting it from every rule it owns. A file that
 * sits inside a folder owner as well (fonts.server.ts in documents/pdf/) gets
 * both exemptions in its own block, which comes after the folder's.
 */
function ownerBlocks() {
  const rules = [...OWNED_LIBRARIES, GENERATED_CLIENT];
  const paths = [...new Set(rules.flatMap((r) => r.owners))].sort((a, b) => Number(b.includes("*")) - Number(a.includes("*")));
  return paths.map((ownerPath) => {
    const exempt = new Set(rules.filter((r) => r.owners.some((o) => o === ownerPath || (o.includes("*") && !ownerPath.includes("*") && globRegex(o).test(ownerPath)))));
    return { files: [ownerPath], rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: ownerPatterns(exempt) }] } };
  });
}

// ---- zones --------------------------------------------------------------------------------

/** An import of app/<folder>, written as ~/<folder> or as a relative path. */
const appFolder = (folder) => `(^~\\/|^(\\.\\.?\\/)+(app\\/)?)${folder}(\\/|\\.|$)`;
const zone = (regex, message) => ({ regex, message, caseSensitive: true });

const NODE_BUILTINS = [...new Set(builtinModules.map((m) => m.replace(/^node:/, "").split("/")[0]))];
const EFFECTFUL_LIBRARIES = [...OWNED_LIBRARIES.flatMap((r) => r.libs), "@prisma/*", "@remix-run/*", "react", "react-dom"];

const noIo = (where) => [
  zone(`^node:|^(${NODE_BUILTINS.join("|")})(\\/|$)`, `${where} does no I/O: Node's built-in modules belong in app/server (or the worker).`),
  zone(appFolder("server") + "|\\.server(\\.tsx?)?$", `${where} does no I/O: it is imported by app/server, never the other way round.`),
  zone(appFolder("(routes|components|root|entry\\.server|entry\\.client)"), `${where} knows nothing of pages or React; routes and components import it.`),
  ...EFFECTFUL_LIBRARIES.map((lib) => zone(pkg(lib), `${where} does no I/O: ${lib} is for app/server (see the owner rules in eslint.config.js).`)),
];

const ZONES = [
  {
    files: ["app/domain/**"],
    patterns: [
      ...noIo("app/domain"),
      zone(appFolder("view-models"), "app/domain does not know what pages show; app/view-models imports app/domain."),
    ],
  },
  { files: ["app/view-models/**"], patterns: noIo("app/view-models") },
  {
    files: ["app/components/**"],
    patterns: [
      zone(
        appFolder("server") + "|\\.server(\\.tsx?)?$",
        "Components never import server modules, not even types: put the shape in app/view-models/<capability>.ts and import it from both sides.",
      ),
      zone(`^node:|^(${NODE_BUILTINS.join("|")})(\\/|$)`, "Components run in the browser: no Node built-ins."),
    ],
  },
  {
    files: ["media-worker/**"],
    patterns: [
      zone(appFolder("(routes|components|root|entry\\.server|entry\\.client)"), "The media worker never imports routes or components."),
      zone(pkg("@remix-run/*"), "The media worker never loads Remix."),
      zone("^react(-dom)?(\\/|$)", "The media worker never loads React."),
      zone(appFolder("i18n\\/index"), "The media worker never loads the React side of i18n (~/i18n/index.ts); use ~/i18n/t.ts."),
      zone(
        appFolder("server\\/(auth|home|entries)") + "|" + appFolder("server\\/platform\\/http") + "|" + appFolder("server\\/uploads\\/uploads"),
        "The media worker never loads the web app (sessions, pages, the HTTP server, the tus endpoint); use what app/server/{db,jobs,storage,media,platform} and uploads/upload-store.server.ts offer.",
      ),
    ],
  },
  {
    files: ["app/server/**"],
    patterns: [
      zone(appFolder("(routes|components|root|entry\\.server|entry\\.client)"), "Server modules never import routes or components; routes call server modules."),
      zone("^react(-dom)?(\\/|$)|^@remix-run\\/react(\\/|$)", "Server modules render nothing: React belongs to routes and components."),
      zone(appFolder("i18n\\/index"), "Server modules use ~/i18n/t.ts; ~/i18n/index.ts is the React side."),
    ],
  },
];

export default tseslint.config(
  { ignores: ["build/", "node_modules/", ".data/", ".tmp/", "app/generated/", "tests/fixtures/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": ["error", { allow: ["warn", "error", "info"] }],
    },
  },
  // Owners.
  { files: CODE, rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: ownerPatterns(new Set()) }] } },
  ...ownerBlocks(),
  { files: TESTS, rules: { "@typescript-eslint/no-restricted-imports": "off" } },
  // Zones.
  ...ZONES.map(({ files, patterns }) => ({ files, rules: { "no-restricted-imports": ["error", { patterns }] } })),
);
