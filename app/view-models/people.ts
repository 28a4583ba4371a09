// What the people pages receive: the shapes the server modules under
// app/server/people/ return and the components under app/components/people/
// render. Plain data (dates as Date: Remix turns them into strings on the
// wire, the components format them). Components import these, never the
// server modules.
import type { ConsentActionName, ConsentScopeName, ConsentStateName } from "~/domain/consent.ts";
import type { IntakeLineErrorCode, IntakeNoticeCode, IntakeFileErrorCode } from "~/domain/intake/class-list.ts";
import type { ClassListField } from "~/domain/intake/headers.ts";
import type { OrgFileErrorCode, OrgField, OrgLineErrorCode } from "~/domain/people/org-import.ts";
import type { AppointableRole, GuardianRelationName } from "~/domain/people/forms.ts";
import type { Role } from "~/domain/roles.ts";

export type Params = Record<string, string | number>;

/** A refusal of a whole file or list, as a code for the catalog. */
export type ListProblem =
  | { kind: "sheet"; code: string; params: Params }
  | { kind: "list"; code: IntakeFileErrorCode; params: Params }
  | { kind: "org"; code: OrgFileErrorCode; params: Params }
  | { kind: "stale" }
  | { kind: "has_errors" }
  | { kind: "no_input" }
  | { kind: "no_grade" };

// ---------------------------------------------------------------------------
// Class intake (/classes/:classId/intake)
// ---------------------------------------------------------------------------

export type IntakeClass = {
  classId: string;
  className: string;
  schoolName: string;
  grade: number | null;
  students: number;
  maxChildren: number;
  maxFileMb: number;
};

export type IntakeLineProblem = { line: number; column: number | null; field: ClassListField; code: IntakeLineErrorCode; params: Params };
export type IntakeNoticeView = { line: number; code: IntakeNoticeCode; params: Params };

export type IntakePreview = {
  /** The list as checked (a file becomes tab-separated text, so it can be fixed here and committed as seen). */
  text: string;
  /** Binds the commit to this text and the class as it was: a change in between makes the commit ask for a new preview. */
  token: string;
  errors: IntakeLineProblem[];
  notices: IntakeNoticeView[];
  create: { line: number; name: string; studentNumber: string | null }[];
  update: { line: number; name: string; previousName: string; changed: ClassListField[] }[];
  unchanged: { line: number; name: string }[];
};

export type IntakeActionResult =
  | { step: "preview"; preview: IntakePreview }
  | { step: "problem"; problem: ListProblem; text: string }
  | { step: "committed"; created: number; updated: number; unchanged: number };

// ---------------------------------------------------------------------------
// A class's accounts: slips, passwords, link codes, guardians (/classes/:classId/accounts)
// ---------------------------------------------------------------------------

export type PasswordState = "initial" | "changed" | "unreadable";
export type LinkCodeStateName = "ready" | "used" | "expired" | "none" | "unreadable";

export type ClassAccountsChild = {
  id: string;
  name: string;
  username: string;
  studentNumber: string | null;
  active: boolean;
  password: PasswordState;
  linkCode: LinkCodeStateName;
  linkCodeExpiresAt: Date | null;
  /** Characters of the name no PDF font has: the teacher writes them on the slip by hand. */
  missingCharacters: string[];
  guardians: { linkId: string; name: string; phone: string | null; relation: GuardianRelationName; since: Date }[];
  /** The guardian the class list named (name, mobile), for the teacher to call; null when the list had none. */
  listedGuardian: { name: string | null; phone: string | null } | null;
};

export type ClassAccounts = {
  classId: string;
  className: string;
  schoolName: string;
  children: ClassAccountsChild[];
};

export type ClassAccountsResult =
  | { ok: true; kind: "reset"; childName: string; username: string; password: string; newLinkCode: boolean; studentId: string }
  | { ok: true; kind: "link_code"; childName: string; studentId: string }
  | { ok: true; kind: "revoked"; childName: string; guardianName: string }
  | { ok: false; message: "invalid" };

// ---------------------------------------------------------------------------
// Guardians and consent
// ---------------------------------------------------------------------------

export type LinkCodeProblem =
  | "link_code_format"
  | "link_code_typo"
  | "link_code_wrong"
  | "link_code_used"
  | "link_code_expired"
  | "too_many_children"
  | "already_linked"
  | "phone_taken"
  | "rate_limited";

export type GuardianChildSummary = {
  id: string;
  name: string;
  relation: GuardianRelationName;
  schoolName: string | null;
  className: string | null;
  consent: Record<ConsentScopeName, ConsentStateName>;
};

export type GuardianChildren = { children: GuardianChildSummary[]; maxChildren: number };

export type ConsentHistoryItem = {
  id: string;
  scope: ConsentScopeName;
  action: ConsentActionName;
  at: Date;
  /** "you" when the reader made the choice; else the guardian's relation to the child. */
  by: { self: true } | { self: false; relation: GuardianRelationName | null; name: string | null };
  textVersion: string;
};

export type ConsentPage = {
  studentId: string;
  childName: string;
  /** What public pages would show: "张*明 · 实验小学 三年级". */
  maskedCaption: string;
  schoolName: string | null;
  className: string | null;
  textVersion: string;
  scopes: Record<ConsentScopeName, { state: ConsentStateName; since: Date | null }>;
  effective: { work: boolean; name: boolean; feedback: boolean };
  history: ConsentHistoryItem[];
  /** Guardians change it; the child only reads it. */
  canChange: boolean;
};

// ---------------------------------------------------------------------------
// Org tree and people (ADMIN, ORGANISER)
// ---------------------------------------------------------------------------

export type OrgStaff = { assignmentId: string; userId: string; name: string; role: Role; active: boolean };

export type OrgClassNode = { id: string; name: string; grade: number | null; code: string; students: number; staff: OrgStaff[] };
export type OrgSchoolNode = { id: string; name: string; shortName: string | null; code: string; classes: OrgClassNode[]; staff: OrgStaff[] };
export type OrgTownshipNode = { id: string; name: string; code: string; schools: OrgSchoolNode[] };
export type OrgCounty = { id: string; name: string; code: string; townships: OrgTownshipNode[]; staff: OrgStaff[] };

export type OrgTreeView = { counties: OrgCounty[] };

export type OrgActionResult = { ok: boolean; message: string };

export type OrgImportLineProblem = { line: number; field: OrgField; code: OrgLineErrorCode; params: Params };
export type OrgImportPreview = {
  countyId: string;
  text: string;
  token: string;
  errors: OrgImportLineProblem[];
  townships: { line: number; name: string }[];
  schools: { line: number; township: string; name: string; shortName: string | null }[];
  shortNames: { line: number; name: string; shortName: string }[];
  classes: { line: number; school: string; className: string }[];
  unchanged: number;
};
export type OrgImportResult =
  | { step: "preview"; preview: OrgImportPreview }
  | { step: "problem"; problem: ListProblem; text: string }
  | { step: "committed"; townships: number; schools: number; classes: number; shortNames: number };

export type PersonRow = {
  userId: string;
  name: string;
  username: string;
  phone: string | null;
  active: boolean;
  mustChangePassword: boolean;
  roles: { assignmentId: string; role: Role; unitName: string; unitKind: string }[];
  /** The viewer may disable, reset or change this account. */
  manageable: boolean;
};

export type UnitOption = { id: string; label: string; kind: "COUNTY" | "SCHOOL" | "CLASS" };

export type PeopleView = {
  countyName: string;
  query: string;
  people: PersonRow[];
  truncated: boolean;
  units: Record<AppointableRole, UnitOption[]>;
};

export type PeopleActionResult =
  | { ok: true; kind: "appointed"; name: string; role: AppointableRole; unitName: string; created: { username: string; password: string } | null }
  | { ok: true; kind: "password_reset"; name: string; username: string; password: string }
  | { ok: true; kind: "disabled" | "enabled" | "role_removed" | "already"; name: string }
  | { ok: false; message: string };
