// What the school round, the county round and the judges' pages share: the
// category's rubric (made from the preset when the contest has none, so a
// round never starts without criteria), the rounds themselves (one SCHOOL and
// one COUNTY round per contest, created when first needed), whether a round
// takes scores, and the blind view of a work's media.
import { getCategoryPreset } from "~/domain/category-presets.ts";
import type { ContestStatus } from "~/domain/contest.ts";
import type { BlindMedia } from "~/view-models/judging.ts";
import type { CategoryKind } from "~/generated/prisma/enums.ts";
import { getDb, type Db, type Tx } from "~/server/db/db.server.ts";
import { getStore } from "~/server/storage/storage.server.ts";

/** Lifetime of the judges' media links: an evening's session on one page without reloading. */
export const JUDGE_MEDIA_TTL_SECONDS = 2 * 3600;

export type RoundLevel = "SCHOOL" | "COUNTY";

/** The contest status in which each round takes scores and nominations. */
export const ROUND_OPEN_IN: Record<RoundLevel, ContestStatus> = { SCHOOL: "SCHOOL_ROUND", COUNTY: "COUNTY_JUDGING" };

export function roundTakesScores(round: { level: RoundLevel; status: string; frozenAt: Date | null }, contestStatus: ContestStatus): boolean {
  return contestStatus === ROUND_OPEN_IN[round.level] && round.status !== "CLOSED" && round.frozenAt === null;
}

/** The category's rubric id, created from the preset when the category has none (contests made before rubrics). */
export async function ensureRubric(tx: Tx, input: { contestId: string; category: { id: string; kind: CategoryKind } }): Promise<string> {
  const found = await tx.rubric.findFirst({ where: { contestId: input.contestId, categoryId: input.category.id }, orderBy: { createdAt: "asc" }, select: { id: true } });
  if (found) return found.id;
  const { rubric } = getCategoryPreset(input.category.kind);
  const created = await tx.rubric.create({
    data: {
      contestId: input.contestId,
      categoryId: input.category.id,
      name: rubric.name,
      criteria: { create: rubric.criteria.map((c, i) => ({ ...c, sortOrder: i + 1 })) },
    },
    select: { id: true },
  });
  return created.id;
}

/** The contest's round of this level, created (open) when missing. The rubric is per category, so the round carries none. */
export async function ensureRound(tx: Tx, input: { contestId: string; level: RoundLevel; name: string }): Promise<{ id: string; minJudgesPerEntry: number }> {
  await tx.$queryRaw`SELECT "id" FROM "Contest" WHERE "id" = ${input.contestId} FOR UPDATE`;
  const found = await tx.judgingRound.findFirst({ where: { contestId: input.contestId, level: input.level }, orderBy: { createdAt: "asc" }, select: { id: true, minJudgesPerEntry: true } });
  if (found) return found;
  return tx.judgingRound.create({
    data: { contestId: input.contestId, level: input.level, name: input.name, status: "OPEN", minJudgesPerEntry: input.level === "SCHOOL" ? 1 : 3 },
    select: { id: true, minJudgesPerEntry: true },
  });
}

export function findRound(db: Db | Tx, contestId: string, level: RoundLevel) {
  return db.judgingRound.findFirst({ where: { contestId, level }, orderBy: { createdAt: "asc" }, select: { id: true, minJudgesPerEntry: true, status: true, frozenAt: true } });
}

/** The rubric's criteria in order, for scoring. */
export async function rubricCriteria(db: Db | Tx, contestId: string, categoryId: string) {
  const rubric = await db.rubric.findFirst({
    where: { contestId, categoryId },
    orderBy: { createdAt: "asc" },
    select: { criteria: { orderBy: { sortOrder: "asc" }, select: { id: true, name: true, description: true, weight: true, maxScore: true } } },
  });
  return (rubric?.criteria ?? []).map((c) => ({ ...c, weight: Number(c.weight) }));
}

/**
 * A work's files as a judge sees them: READY files only, renditions only,
 * through short-lived signed links with no download name. Rendition keys are
 * built from ids (entries/<entryId>/renditions/<assetId>/…), never from a
 * name or an account, and the original's name is never read here.
 */
export async function blindMedia(entryIds: readonly string[], db: Db | Tx = getDb()): Promise<Map<string, BlindMedia[]>> {
  const assets = await db.mediaAsset.findMany({
    where: { entryId: { in: [...entryIds] }, status: "READY" },
    orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }],
    select: { id: true, entryId: true, kind: true, renditions: { select: { name: true, key: true, mime: true, width: true, height: true } } },
  });
  const store = getStore();
  const result = new Map<string, BlindMedia[]>(entryIds.map((id) => [id, []]));
  for (const asset of assets) {
    const byName = new Map(asset.renditions.map((r) => [r.name, r]));
    const sign = async (...names: string[]) => {
      const r = names.map((n) => byName.get(n)).find(Boolean);
      return r ? store.signedDownloadUrl(r.key, { expiresInSeconds: JUDGE_MEDIA_TTL_SECONDS, disposition: "inline" }) : null;
    };
    const size = byName.get("display.jpg") ?? byName.get("display.webp") ?? byName.get("poster-display.jpg");
    const [thumb, display, poster, video, audio] = await Promise.all([
      sign("thumb.jpg", "thumb.webp", "poster-thumb.jpg", "poster-thumb.webp"),
      asset.kind === "IMAGE" ? sign("display.jpg", "display.webp") : null,
      asset.kind === "VIDEO" ? sign("poster-display.jpg", "poster-display.webp") : null,
      asset.kind === "VIDEO" ? sign("video.mp4") : null,
      asset.kind === "AUDIO" ? sign("audio.m4a") : null,
    ]);
    result.get(asset.entryId)?.push({ id: asset.id, kind: asset.kind, thumb, display, poster, video, audio, width: size?.width ?? null, height: size?.height ?? null });
  }
  return result;
}

/** A short code that names a work on the judge's screen without saying whose it is. */
export function blindCode(assignmentId: string): string {
  let h = 0;
  for (const ch of assignmentId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return String(h % 100000).padStart(5, "0");
}
