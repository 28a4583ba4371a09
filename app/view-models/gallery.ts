// What the public gallery pages, the portfolio and the organiser's gallery
// pages show: returned by app/server/gallery/, rendered by
// app/components/gallery/. Types only. Nothing here carries a child's full
// name, account or entry id: public things are named by their publicId.

/** One picture in several widths: WebP srcset with a JPEG fallback, width/height for layout. */
export type PublicPicture = {
  webp: { src: string; width: number }[];
  jpeg: { src: string; width: number }[];
  /** The smallest JPEG, for <img src> and share meta tags. */
  fallback: string;
  width: number;
  height: number;
};

export type PublicCard = {
  publicId: string;
  title: string;
  /** "张*明" when the family allows the name; null otherwise. */
  maskedName: string | null;
  schoolName: string;
  bandName: string | null;
  categoryName: string;
  awardName: string | null;
  thumb: PublicPicture | null;
  views: number;
};

export type PublicMedia =
  | { kind: "image"; picture: PublicPicture }
  | { kind: "video"; src: string; poster: PublicPicture | null; width: number | null; height: number | null }
  | { kind: "audio"; src: string };

export type PublicEntryPage = PublicCard & {
  description: string;
  bodyText: string | null;
  contestTitle: string;
  contestId: string;
  media: PublicMedia[];
  feedback: string[];
  shareUrl: string;
  qrUrl: string;
  posterUrl: string;
  ogImage: string | null;
};

export type GalleryContestSummary = {
  id: string;
  title: string;
  year: number;
  season: "WINTER" | "SUMMER";
  current: boolean;
  publicCount: number;
};

export type GalleryBoardSummary = { slug: string; title: string; description: string; theme: string; cover: PublicPicture | null; count: number };

export type GalleryHome = { current: GalleryContestSummary[]; past: GalleryContestSummary[]; boards: GalleryBoardSummary[] };

export type GalleryFilterOption = { id: string; name: string };

export type GalleryListing = {
  contest: { id: string; title: string; description: string };
  categories: GalleryFilterOption[];
  bands: GalleryFilterOption[];
  tiers: GalleryFilterOption[];
  selected: { category: string | null; band: string | null; tier: string | null };
  cards: PublicCard[];
  /** Query string of the next page (cursor and filters), null on the last page. */
  next: string | null;
};

export type PublicBoardPage = {
  slug: string;
  title: string;
  description: string;
  theme: string;
  cover: PublicPicture | null;
  cards: PublicCard[];
  views: number;
  shareUrl: string;
  qrUrl: string;
  ogImage: string | null;
};

export type PublicPortfolioPage = { cards: PublicCard[]; views: number; shareUrl: string; qrUrl: string; caption: string | null };

/** The child's own and the guardian's view: every entry, public or not, and why not. */
export type PrivatePortfolioPage = {
  studentId: string;
  childName: string;
  shareUrl: string | null;
  entries: {
    title: string;
    contestTitle: string;
    categoryName: string;
    status: string;
    publicId: string | null;
    /** null: public now. */
    notPublicBecause: "not_published" | "not_in_contest" | "no_consent" | null;
    views: number;
  }[];
  canShare: boolean;
};

// ---- organiser -------------------------------------------------------------

export type PublishableEntry = {
  id: string;
  title: string;
  categoryName: string;
  schoolName: string;
  maskedName: string;
  status: string;
  published: boolean;
  consent: "given" | "withdrawn" | "none";
  publicId: string | null;
  visible: boolean;
};

export type OrganiserGalleryPage = {
  contests: { id: string; title: string }[];
  contestId: string | null;
  entries: PublishableEntry[];
  boards: { id: string; title: string; status: string; count: number; slug: string }[];
};

export type BoardEditPage = {
  id: string;
  title: string;
  description: string;
  theme: string;
  status: "DRAFT" | "PUBLISHED" | "UNPUBLISHED";
  slug: string;
  coverPublicId: string | null;
  entries: { publicId: string; title: string; visible: boolean; sortOrder: number }[];
  candidates: { publicId: string; title: string }[];
};

export type ViewReportRow = { day: string; kind: "school" | "board"; name: string; views: number };
export type ViewReport = { from: string; to: string; rows: ViewReportRow[] };
