// A contest category as pages show it (rules, limits, what it accepts): the
// type, the columns it is read from and the one conversion (the byte limit is
// a bigint in the database and a number on the page).
import type { CategoryKind, MediaKind } from "~/generated/prisma/enums.ts";

export type CategorySummary = {
  id: string;
  kind: CategoryKind;
  name: string;
  description: string;
  acceptedMediaKinds: MediaKind[];
  acceptsText: boolean;
  maxTextChars: number | null;
  maxFiles: number;
  maxFileBytes: number;
  maxDurationSeconds: number | null;
  gradeMin: number;
  gradeMax: number;
};

/** The columns of a CategorySummary; pass the row through toCategorySummary. */
export const categorySelect = {
  id: true,
  kind: true,
  name: true,
  description: true,
  acceptedMediaKinds: true,
  acceptsText: true,
  maxTextChars: true,
  maxFiles: true,
  maxFileBytes: true,
  maxDurationSeconds: true,
  gradeMin: true,
  gradeMax: true,
} as const;

/** A category row as the pages get it (maxFileBytes as a plain number). */
export function toCategorySummary<T extends { maxFileBytes: bigint }>(c: T): Omit<T, "maxFileBytes"> & { maxFileBytes: number } {
  return { ...c, maxFileBytes: Number(c.maxFileBytes) };
}
