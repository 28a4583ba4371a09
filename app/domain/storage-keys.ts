// The storage key layout, owned here: keys are built here and only here, on
// the server, from ids the database made, and read back (the upload endpoint,
// the storage sweep) only through parseStorageKey below. They never carry a
// child's name, a student number or anything the browser sent, so a leaked key
// or a bucket listing reveals nothing. Keys are deterministic (same inputs,
// same key) so that a retried job overwrites its earlier output instead of
// leaking objects.
//
//   entries/{entryId}/originals/{assetId}                  the upload as sent
//   entries/{entryId}/originals/{assetId}.info | .part     @tus/s3-store's sidecars while it arrives
//   entries/{entryId}/renditions/{assetId}/{name}.{ext}    what the worker made from it
import { z } from "zod";

export const MAX_KEY_LENGTH = 512;

// The parts of a key, shared by the builders (which refuse anything else) and parseStorageKey.
/** Ids come from Prisma (cuid): lower-case letters and digits. `_`/`-` allowed for test ids. */
const ID = "[a-z0-9][a-z0-9_-]{0,63}";
const RENDITION_NAME = "[a-z0-9][a-z0-9_-]{0,31}";
const EXT = "[a-z0-9]{1,8}";

const IdSchema = z.string().regex(new RegExp(`^${ID}$`), "id must be lower-case letters, digits, _ or -");
const RenditionNameSchema = z.string().regex(new RegExp(`^${RENDITION_NAME}$`), "rendition name must be lower-case");
const ExtSchema = z.string().regex(new RegExp(`^${EXT}$`), "extension must be 1-8 lower-case letters or digits");

export class InvalidStorageKeyError extends Error {
  override name = "InvalidStorageKeyError";
  constructor(
    readonly key: string,
    reason: string,
  ) {
    // The key is a server-built string, safe to log; cut it so a hostile one cannot flood logs.
    super(`Invalid storage key ${JSON.stringify(key.slice(0, 80))}: ${reason}`);
  }
}

function keyProblem(key: string): string | null {
  if (key.length === 0) return "empty";
  if (key.length > MAX_KEY_LENGTH) return `longer than ${MAX_KEY_LENGTH}`;
  // One case only: local filesystems (macOS, Windows) fold case, S3 does not,
  // so "A" and "a" would be one object here and two there.
  if (!/^[a-z0-9/_.-]+$/.test(key)) return "only a-z 0-9 / _ . - are allowed";
  if (key.includes("..")) return "contains ..";
  if (key.startsWith("/") || key.endsWith("/")) return "leading or trailing /";
  if (key.includes("//")) return "contains //";
  // "a/./b" is the same file as "a/b" on disk but a different S3 key: refuse it.
  if (key.split("/").includes(".")) return "contains a . segment";
  return null;
}

/** Throws InvalidStorageKeyError unless `key` is a safe object key. Both stores call it. */
export function assertSafeKey(key: string): void {
  const problem = keyProblem(key);
  if (problem) throw new InvalidStorageKeyError(key, problem);
}

export function isSafeKey(key: string): boolean {
  return keyProblem(key) === null;
}

/**
 * A list prefix is "" (everything) or a safe key followed by "/". Requiring the
 * trailing slash means listing "entries/abc/" can never return the neighbour
 * "entries/abcd/…", which a bare S3 string prefix ("entries/abc") would.
 */
export function assertSafePrefix(prefix: string): void {
  if (prefix === "") return;
  if (!prefix.endsWith("/")) throw new InvalidStorageKeyError(prefix, "a list prefix must end with /");
  assertSafeKey(prefix.slice(0, -1));
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new InvalidStorageKeyError(String(value), `${what}: ${result.error.issues[0]?.message}`);
  return result.data;
}

/** Everything stored for entries (originals, sidecars, renditions) lies under this prefix. */
export const ENTRY_OBJECTS_PREFIX = "entries/";

/** Where an uploaded original lives: `entries/{entryId}/originals/{assetId}` (no extension: type is decided by content). */
export function buildOriginalKey(input: { entryId: string; assetId: string }): string {
  const entryId = parse(IdSchema, input.entryId, "entryId");
  const assetId = parse(IdSchema, input.assetId, "assetId");
  return `${ENTRY_OBJECTS_PREFIX}${entryId}/originals/${assetId}`;
}

/** `entries/{entryId}/renditions/{assetId}/{name}.{ext}`, e.g. `…/renditions/a1/thumb.webp`. */
export function buildRenditionKey(input: { entryId: string; assetId: string; name: string; ext: string }): string {
  const entryId = parse(IdSchema, input.entryId, "entryId");
  const assetId = parse(IdSchema, input.assetId, "assetId");
  const name = parse(RenditionNameSchema, input.name, "name");
  const ext = parse(ExtSchema, input.ext, "ext");
  return `${ENTRY_OBJECTS_PREFIX}${entryId}/renditions/${assetId}/${name}.${ext}`;
}

/** What a key under the layout above names; null for anything else. */
export type ParsedStorageKey =
  | { kind: "original"; entryId: string; assetId: string }
  /** Written by @tus/s3-store beside an upload's key while it arrives (upload info, an incomplete last part). */
  | { kind: "upload-sidecar"; entryId: string; assetId: string; sidecar: "info" | "part" }
  | { kind: "rendition"; entryId: string; assetId: string; name: string; ext: string };

const ORIGINAL_KEY = new RegExp(`^${ENTRY_OBJECTS_PREFIX}(?<entryId>${ID})/originals/(?<assetId>${ID})(?:\\.(?<sidecar>info|part))?$`);
const RENDITION_KEY = new RegExp(`^${ENTRY_OBJECTS_PREFIX}(?<entryId>${ID})/renditions/(?<assetId>${ID})/(?<name>${RENDITION_NAME})\\.(?<ext>${EXT})$`);

/**
 * Reads a key back into what it names: the inverse of the builders (every
 * built key parses to its inputs), plus the sidecars tus writes. Anything
 * else, including keys a builder would refuse, is null.
 */
export function parseStorageKey(key: string): ParsedStorageKey | null {
  if (!isSafeKey(key)) return null;
  const original = ORIGINAL_KEY.exec(key)?.groups;
  if (original) {
    const { entryId = "", assetId = "", sidecar } = original;
    if (sidecar === "info" || sidecar === "part") return { kind: "upload-sidecar", entryId, assetId, sidecar };
    return { kind: "original", entryId, assetId };
  }
  const rendition = RENDITION_KEY.exec(key)?.groups;
  if (!rendition) return null;
  const { entryId = "", assetId = "", name = "", ext = "" } = rendition;
  return { kind: "rendition", entryId, assetId, name, ext };
}
