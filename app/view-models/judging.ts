// What the school round, county round and judges' pages show (issue 11 items
// 1–3). Judges' types carry no child name, school, class, account or file
// name: there is no field to put one in.
import type { ContestStatus } from "~/domain/contest.ts";

export type BlindMedia = {
  id: string;
  kind: "IMAGE" | "VIDEO" | "AUDIO";
  thumb: string | null;
  display: string | null;
  poster: string | null;
  video: string | null;
  audio: string | null;
  width: number | null;
  height: number | null;
};

export type AssignmentState = "ASSIGNED" | "IN_PROGRESS" | "SUBMITTED" | "RECUSED";

/** A form's answer: a message for the page and, for a score sheet, one message per criterion. */
export type JudgingReply = { ok: boolean; message: string; fieldErrors?: Record<string, string> };

// ---- school round ----------------------------------------------------------

export type SchoolRoundEntry = {
  id: string;
  title: string;
  /** The school's own staff know their children: shown to them, never to judges. */
  studentName: string;
  className: string;
  status: "SUBMITTED" | "NOMINATED";
  nomination: { id: string; reason: string } | null;
  thumb: string | null;
  /** Teachers' scores so far in the school round (weighted totals on 0–100). */
  scores: { count: number; mean: number | null };
  /** The viewer may score it (a teacher of the school, not of the child's own class). */
  canScore: boolean;
  myAssignmentId: string | null;
  myStatus: AssignmentState | null;
};

export type SchoolRoundView = {
  contest: { id: string; title: string; status: ContestStatus };
  school: { id: string; name: string };
  otherSchools: { id: string; name: string }[];
  isCoordinator: boolean;
  isTeacher: boolean;
  /** Nominations and school scores are taken now (contest in SCHOOL_ROUND). */
  roundOpen: boolean;
  categories: {
    id: string;
    name: string;
    quota: number;
    used: number;
    bands: { id: string | null; name: string | null; entries: SchoolRoundEntry[] }[];
  }[];
};

// ---- county: nominations ---------------------------------------------------

export type NominationsView = {
  contest: { id: string; title: string; status: ContestStatus };
  categories: { id: string; name: string }[];
  schools: {
    id: string;
    name: string;
    township: string;
    /** Per category, in `categories` order. */
    byCategory: { nominated: number; quota: number; submitted: number }[];
    nominations: { id: string; entryId: string; title: string; category: string; reason: string; at: string }[];
  }[];
  /** Schools with submitted entries and no nomination yet. */
  notYet: { id: string; name: string; township: string; submitted: number }[];
};

// ---- county: panels and assignment ----------------------------------------

export type CountyRoundView = {
  contest: { id: string; title: string; status: ContestStatus };
  round: { id: string; k: number } | null;
  /** Panels and assignment may change (not once the notice has started). */
  canEdit: boolean;
  judges: { id: string; name: string; affiliation: string | null }[];
  categories: {
    id: string;
    name: string;
    nominated: number;
    panel: string[];
    /** Entries with fewer than k active judges. */
    short: number;
    loads: { judgeId: string; name: string; load: number; submitted: number; inPanel: boolean }[];
  }[];
};

// ---- judges ----------------------------------------------------------------

export type JudgeQueueItem = {
  assignmentId: string;
  code: string;
  title: string;
  categoryName: string;
  contestTitle: string;
  level: "SCHOOL" | "COUNTY";
  status: AssignmentState;
  open: boolean;
};

/** Teachers: the school rounds running in their schools (scoring starts on the round's page). */
export type JudgeQueueView = { items: JudgeQueueItem[]; pending: number; schoolRounds: { contestId: string; title: string; schoolId: string }[] };

export type ScoreSheetCriterion = { id: string; name: string; description: string; maxScore: number; weight: number; value: string };

export type ScoreSheetView = {
  assignmentId: string;
  code: string;
  contestTitle: string;
  categoryName: string;
  level: "SCHOOL" | "COUNTY";
  status: AssignmentState;
  open: boolean;
  work: { title: string; description: string; bodyText: string | null; media: BlindMedia[] };
  criteria: ScoreSheetCriterion[];
  comment: string;
  /** The next work in the judge's queue that still needs scores. */
  nextAssignmentId: string | null;
  savedAt: string | null;
};

/** The autosave endpoint's answer. */
export type ScoreSaveReply = { ok: true; status: AssignmentState; savedAt: string; message: string } | { ok: false; message: string; fieldErrors: Record<string, string> };

export const COMMENT_MAX = 300;
export const RECUSE_REASON_MAX = 200;
