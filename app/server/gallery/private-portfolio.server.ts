// A child's own portfolio (/portfolio/:studentId): every entry, public or not
// and why, for the child and linked guardians only (anyone else: not found);
// and the share link of the public portfolio, made or replaced by a guardian
// (a new link makes the old one stop working).
import { whyNotPublic } from "~/domain/gallery/visibility.ts";
import type { PrivatePortfolioPage } from "~/view-models/gallery.ts";
import { getDb } from "~/server/db/db.server.ts";
import { audit } from "~/server/platform/audit.server.ts";
import { isPlausibleId } from "~/server/contests/contest-access.server.ts";
import { currentConsent, isLinkedGuardian } from "~/server/people/consent.server.ts";
import { newPublicId } from "./visibility.server.ts";
import { viewTotals } from "./view-counts.server.ts";

async function viewerKind(viewerId: string, studentId: string): Promise<"child" | "guardian" | null> {
  if (!isPlausibleId(studentId)) return null;
  if (viewerId === studentId) return (await getDb().studentProfile.count({ where: { userId: studentId } })) ? "child" : null;
  return (await isLinkedGuardian(viewerId, studentId)) ? "guardian" : null;
}

export async function getPrivatePortfolio(input: { viewerId: string; studentId: string; baseUrl: string }): Promise<PrivatePortfolioPage | null> {
  const kind = await viewerKind(input.viewerId, input.studentId);
  if (!kind) return null;
  const db = getDb();
  const [child, entries, consent] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: input.studentId }, select: { displayName: true, studentProfile: { select: { portfolioId: true } } } }),
    db.entry.findMany({
      where: { studentId: input.studentId, status: { not: "DRAFT" } },
      orderBy: { createdAt: "desc" },
      select: { id: true, title: true, status: true, publicId: true, publishedAt: true, contest: { select: { title: true } }, category: { select: { name: true } } },
    }),
    currentConsent(input.studentId),
  ]);
  const views = await viewTotals("ENTRY", entries.map((e) => e.id));
  const portfolioId = child.studentProfile?.portfolioId ?? null;
  return {
    studentId: input.studentId,
    childName: child.displayName,
    shareUrl: portfolioId ? `${input.baseUrl}/p/${portfolioId}` : null,
    canShare: kind === "guardian",
    entries: entries.map((e) => {
      const why = whyNotPublic({ ...e, consent });
      return { title: e.title, contestTitle: e.contest.title, categoryName: e.category.name, status: e.status, publicId: why ? null : e.publicId, notPublicBecause: why, views: views.get(e.id) ?? 0 };
    }),
  };
}

/** A guardian makes (or replaces) the public portfolio link; null when not a linked guardian. */
export async function sharePortfolio(input: { viewerId: string; studentId: string; ip: string | null }): Promise<"shared" | null> {
  if ((await viewerKind(input.viewerId, input.studentId)) !== "guardian") return null;
  const portfolioId = newPublicId();
  await getDb().$transaction(async (tx) => {
    await tx.studentProfile.update({ where: { userId: input.studentId }, data: { portfolioId } });
    await audit({ actorId: input.viewerId, action: "gallery.portfolio_shared", subjectType: "User", subjectId: input.studentId, ip: input.ip }, tx);
  });
  return "shared";
}
