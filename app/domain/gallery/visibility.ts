// The one rule of what the public may see (issue 12, "privacy by default"):
// an entry is public only while (1) an organiser has published it (publicId
// and publishedAt set), (2) it is still in the contest (submitted or
// nominated: not a draft, not withdrawn by the family, not disqualified) and
// (3) its guardian's PUBLIC_WORK consent currently stands (the latest
// PUBLIC_WORK record is GIVEN). The server's SQL form of the same rule is
// publicEntryWhere() in app/server/gallery/visibility.server.ts; every public
// read (pages, boards, portfolios, media, posters, QR codes) goes through it,
// and tests/integration/gallery-visibility.test.ts checks that both agree.
import type { CurrentConsent } from "~/domain/consent.ts";

export const PUBLIC_ENTRY_STATUSES = ["SUBMITTED", "NOMINATED"] as const;

export interface VisibilityInput {
  publicId: string | null;
  publishedAt: Date | null;
  status: string;
  consent: Pick<CurrentConsent, "effective">;
}

export type Invisibility = "not_published" | "not_in_contest" | "no_consent";

/** Why an entry is not public, or null when it is. The organiser's list shows the reason. */
export function whyNotPublic(entry: VisibilityInput): Invisibility | null {
  if (!entry.publicId || !entry.publishedAt) return "not_published";
  if (!(PUBLIC_ENTRY_STATUSES as readonly string[]).includes(entry.status)) return "not_in_contest";
  if (!entry.consent.effective.work) return "no_consent";
  return null;
}

export function isPubliclyVisible(entry: VisibilityInput): boolean {
  return whyNotPublic(entry) === null;
}

/** What may appear beside a public work: the masked name and the judges' words only with their own consent. */
export function publicExtras(consent: Pick<CurrentConsent, "effective">): { name: boolean; feedback: boolean } {
  return { name: consent.effective.name, feedback: consent.effective.feedback };
}

/** Award statuses the public may see (a proposed award is not decided; a revoked one is gone). */
export const PUBLIC_AWARD_STATUSES = ["ANNOUNCED", "CONFIRMED"] as const;
