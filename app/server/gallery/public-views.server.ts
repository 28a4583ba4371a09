// The public pages' loaders in one place: read the page (visibility rule
// inside), then count the view by the rule and tell the page cache the page
// may be kept (a hit counts the same view). Internal ids stay here; only
// the view-models go back to the routes.
import { isPublicId, publicBaseUrl } from "./visibility.server.ts";
import { getPublicBoard, getPublicEntry, getPublicPortfolio } from "./public-gallery.server.ts";
import { markPublicPage } from "./page-cache.server.ts";
import { recordView, type ViewSubject } from "./view-counts.server.ts";
import type { PublicBoardPage, PublicEntryPage, PublicPortfolioPage } from "~/view-models/gallery.ts";

type Found<T> = { page: T; setCookie: string | null } | null;

export async function getPublicEntryForView(request: Request, context: unknown, publicId: string | undefined): Promise<Found<PublicEntryPage>> {
  if (!isPublicId(publicId)) return null;
  const found = await getPublicEntry(publicId, publicBaseUrl(request));
  if (!found) return null;
  const subject: ViewSubject = { type: "ENTRY", id: found.entryId, schoolId: found.schoolId, studentIds: [found.studentId] };
  const { setCookie } = await recordView(request, context, subject);
  markPublicPage(context, subject);
  return { page: found.page, setCookie };
}

export async function getPublicBoardForView(request: Request, context: unknown, slug: string | undefined): Promise<Found<PublicBoardPage>> {
  if (!isPublicId(slug)) return null;
  const found = await getPublicBoard(slug, publicBaseUrl(request));
  if (!found) return null;
  const { boardId, ...page } = found;
  const subject: ViewSubject = { type: "BOARD", id: boardId, schoolId: null, studentIds: [] };
  const { setCookie } = await recordView(request, context, subject);
  markPublicPage(context, subject);
  return { page, setCookie };
}

export async function getPublicPortfolioForView(request: Request, context: unknown, portfolioId: string | undefined): Promise<Found<PublicPortfolioPage>> {
  if (!isPublicId(portfolioId)) return null;
  const found = await getPublicPortfolio(portfolioId, publicBaseUrl(request));
  if (!found) return null;
  const { studentId, schoolId, ...page } = found;
  const subject: ViewSubject = { type: "PORTFOLIO", id: studentId, schoolId, studentIds: [studentId] };
  const { setCookie } = await recordView(request, context, subject);
  markPublicPage(context, subject);
  return { page, setCookie };
}
