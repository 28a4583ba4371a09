// What the county's entry review page shows (app/server/entries/entry-review.server.ts builds it).
import type { EntryStatus } from "~/domain/entry-status.ts";
import type { ContestHeader } from "./contests.ts";

export type ReviewFilter = { status: EntryStatus | null; categoryId: string | null; after: string | null };

export type ReviewEntryRow = {
  id: string;
  title: string;
  status: EntryStatus;
  grade: number;
  categoryName: string;
  schoolName: string;
  className: string;
  /** Staff see the child's full name; public pages never do. */
  studentName: string;
  submittedAt: string | null;
  disqualifiedReason: string | null;
};

export type ReviewPage = {
  header: ContestHeader;
  filter: ReviewFilter;
  categories: { id: string; name: string }[];
  counts: Record<EntryStatus, number>;
  /** False once the results are final: nothing can be disqualified or reinstated. */
  canChange: boolean;
  entries: ReviewEntryRow[];
  /** The last row's id when there is another page (cursor, not OFFSET). */
  nextAfter: string | null;
};
