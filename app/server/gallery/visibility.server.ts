// The SQL form of the visibility rule in app/domain/gallery/visibility.ts, and
// the one query helper every public read uses: an entry row aliased `e` is
// public only while published, still in the contest, and its guardian's
// PUBLIC_WORK consent stands (read from the consent records on every query,
// through consent.server.ts's own fragment). Nothing is copied: a withdrawal
// or an unpublish takes effect on the next query, at once for media, QR codes
// and posters, and for the pages anonymous visitors get from the page cache
// within PUBLIC_PAGE_CACHE_SECONDS (page-cache.server.ts).
import { PUBLIC_AWARD_STATUSES, PUBLIC_ENTRY_STATUSES } from "~/domain/gallery/visibility.ts";
import { getEnv } from "~/server/platform/env.server.ts";
import { Prisma } from "~/server/db/db.server.ts";
import { consentStandsSql } from "~/server/people/consent.server.ts";

/** `e` is public: published, submitted or nominated, PUBLIC_WORK consent standing. */
export function publicEntryWhere(): Prisma.Sql {
  return Prisma.sql`(e."publicId" IS NOT NULL AND e."publishedAt" IS NOT NULL
    AND e."status"::text IN (${Prisma.join([...PUBLIC_ENTRY_STATUSES])})
    AND ${consentStandsSql('e."studentId"', "PUBLIC_WORK")})`;
}

/** The columns a public card needs, beside publicEntryWhere (joins s, c, gb, t, u below). */
export const PUBLIC_CARD_COLUMNS = Prisma.sql`e."id", e."publicId", e."title", e."publishedAt", e."studentId",
  s."name" AS "schoolName", s."shortName" AS "schoolShort", gb."name" AS "bandName", c."name" AS "categoryName",
  t."name" AS "awardName", u."displayName" AS "childName",
  ${consentStandsSql('e."studentId"', "PUBLIC_NAME")} AS "nameOk"`;

export const PUBLIC_CARD_JOINS = Prisma.sql`JOIN "OrgUnit" s ON s."id" = e."schoolId"
  JOIN "Category" c ON c."id" = e."categoryId"
  JOIN "User" u ON u."id" = e."studentId"
  LEFT JOIN "GradeBand" gb ON gb."id" = e."gradeBandId"
  LEFT JOIN "Award" a ON a."entryId" = e."id" AND a."status"::text IN (${Prisma.join([...PUBLIC_AWARD_STATUSES])})
  LEFT JOIN "AwardTier" t ON t."id" = a."tierId"`;

/** Where links, QR codes and posters point: PUBLIC_URL when set, else the origin the request came to. */
export function publicBaseUrl(request: Request): string {
  const configured = getEnv().PUBLIC_URL;
  return (configured ?? new URL(request.url).origin).replace(/\/+$/, "");
}

/** Random, URL-safe, not derived from anything (60+ bits: not guessable, not enumerable). */
export function newPublicId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return Buffer.from(bytes).toString("base64url");
}

/** A public id we could have made (12 base64url characters); anything else is answered 404 without a query. */
export function isPublicId(value: string | undefined): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{12}$/.test(value);
}
