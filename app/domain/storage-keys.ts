// Object keys are built here and only here, on the server, from ids the
// database made. They never carry a child's name, a student number or anything
// the browser sent, so a leaked key or a bucket listing reveals nothing.
// Keys are deterministic (same inputs, same key) so that a retried job
// overwrites its earlier output instead of leaking objects.
import { z } from "zod";

export const MAX_KEY_LENGTH = 512;

/** Ids come from Prisma (cuid): lower-case letters and digits. `_`/`-` allowed for test ids. */
const IdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, "id must be lower-case letters, digits, _ or -");
const RenditionNameSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, "rendition name must be lower-case");
const ExtSchema = z.string().regex(/^[a-z0-9]{1,8}$/, "extension must be 1-8 lower-case letters or digits");

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

/** Where an uploaded original lives: `entries/{entryId}/originals/{assetId}` (no extension: type is decided by content). */
export function buildOriginalKey(input: { entryId: string; assetId: string }): string {
  const entryId = parse(IdSchema, input.entryId, "entryId");
  const assetId = parse(IdSchema, input.assetId, "assetId");
  return `entries/${entryId}/originals/${assetId}`;
}

/** `entries/{entryId}/renditions/{assetId}/{name}.{ext}`, e.g. `…/renditions/a1/thumb.webp`. */
export function buildRenditionKey(input: { entryId: string; assetId: string; name: string; ext: string }): string {
  const entryId = parse(IdSchema, input.entryId, "entryId");
  const assetId = parse(IdSchema, input.assetId, "assetId");
  const name = parse(RenditionNameSchema, input.name, "name");
  const ext = parse(ExtSchema, input.ext, "ext");
  return `entries/${entryId}/renditions/${assetId}/${name}.${ext}`;
}

/** Everything stored for one entry (originals and renditions), for deletion and audits. */
export function buildEntryPrefix(input: { entryId: string }): string {
  return `entries/${parse(IdSchema, input.entryId, "entryId")}/`;
}

/** `certificates/{contestId}/{certificateId}.pdf`: grouped by contest so a contest's batch can be listed or purged. */
export function buildCertificateKey(input: { contestId: string; certificateId: string }): string {
  const contestId = parse(IdSchema, input.contestId, "contestId");
  const certificateId = parse(IdSchema, input.certificateId, "certificateId");
  return `certificates/${contestId}/${certificateId}.pdf`;
}

/**
 * Where resumable uploads for one entry are assembled before they are checked
 * and promoted to an original: `staging/{entryId}/`. Kept apart from
 * `entries/` so that nothing unchecked ever sits under an entry's keys, and a
 * sweeper can list `staging/` for abandoned uploads.
 */
export function buildUploadStagingPrefix(input: { entryId: string }): string {
  return `staging/${parse(IdSchema, input.entryId, "entryId")}/`;
}
