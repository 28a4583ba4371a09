// Importing a county's townships, schools and classes from a sheet
// (/admin/org/import): a preview that writes nothing, then one transaction
// that holds the county row's lock, re-checks the same text against the
// tree and creates what the preview listed (codes generated), or nothing.
import { createHash } from "node:crypto";
import type { SourceRow } from "~/domain/intake/class-list.ts";
import { ORG_IMPORT_MAX_LINES, validateOrgRows, type ExistingTree, type OrgPlan } from "~/domain/people/org-import.ts";
import {
  classCodeBase,
  classNumberFromName,
  className,
  nextNumberedCode,
  schoolCodePrefix,
  schoolYearOf,
  townshipCodePrefix,
  uniqueCode,
} from "~/domain/people/org-units.ts";
import type { ListProblem, OrgImportPreview, OrgImportResult } from "~/view-models/people.ts";
import { audit } from "~/server/platform/audit.server.ts";
import { getDb, type Db, type Tx } from "~/server/db/db.server.ts";
import { readTable } from "~/server/documents/sheets/sheets.server.ts";
import { getUnitInCounty } from "./access.server.ts";
import { sheetProblem, tableToText } from "./intake.server.ts";

export const ORG_IMPORT_MAX_BYTES = 900 * 1024;
const MAX_TEXT_CHARS = 1024 * 1024;

/** Pasted cells from Excel or WPS are tab-separated; a CSV pasted as text is comma-separated. */
function rowsFromText(text: string): SourceRow[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  const separator = lines.some((l) => l.includes("\t")) ? "\t" : /[,，]/u;
  return lines.map((l, i) => ({ line: i + 1, cells: l.split(separator) }));
}

async function loadTree(countyId: string, db: Db | Tx): Promise<ExistingTree & { version: string }> {
  const units = await db.orgUnit.findMany({
    where: { path: { startsWith: (await db.orgUnit.findUniqueOrThrow({ where: { id: countyId }, select: { path: true } })).path }, kind: { not: "COUNTY" } },
    orderBy: { id: "asc" },
    select: { id: true, kind: true, name: true, shortName: true, parentId: true, grade: true },
  });
  const tree: ExistingTree = {
    townships: units.filter((u) => u.kind === "TOWNSHIP").map((u) => ({ id: u.id, name: u.name })),
    schools: units.filter((u) => u.kind === "SCHOOL").map((u) => ({ id: u.id, name: u.name, shortName: u.shortName, townshipId: u.parentId ?? "" })),
    classes: units.filter((u) => u.kind === "CLASS").map((u) => ({ schoolId: u.parentId ?? "", grade: u.grade, number: classNumberFromName(u.name) })),
  };
  return { ...tree, version: JSON.stringify(units.map((u) => [u.id, u.kind, u.name, u.shortName, u.parentId, u.grade])) };
}

const tokenOf = (text: string, version: string) => createHash("sha256").update(text).update("\u0000").update(version).digest("hex");

type Checked = { ok: false; problem: ListProblem } | { ok: true; preview: OrgImportPreview; plan: OrgPlan };

function check(countyId: string, text: string, tree: ExistingTree & { version: string }): Checked {
  if (text.length > MAX_TEXT_CHARS) return { ok: false, problem: { kind: "org", code: "too_many_lines", params: { max: ORG_IMPORT_MAX_LINES, count: ORG_IMPORT_MAX_LINES + 1 } } };
  const result = validateOrgRows(rowsFromText(text), tree);
  if (!result.ok) return { ok: false, problem: { kind: "org", code: result.error.code, params: result.error.params } };
  const { plan } = result;
  return {
    ok: true,
    plan,
    preview: {
      countyId,
      text,
      token: tokenOf(text, tree.version),
      errors: result.errors,
      townships: plan.townships,
      schools: plan.schools,
      shortNames: plan.shortNames.map(({ line, name, shortName }) => ({ line, name, shortName })),
      classes: plan.classes.map((c) => ({ line: c.line, school: c.school, className: className(c.grade, c.number) })),
      unchanged: plan.unchanged,
    },
  };
}

export async function previewOrgImport(input: { userId: string; countyId: string; source: { text: string } | { file: Uint8Array } }): Promise<OrgImportResult | null> {
  const county = await getUnitInCounty(input.userId, input.countyId);
  if (!county || county.kind !== "COUNTY") return null;
  let text: string;
  if ("file" in input.source) {
    const table = await readTable(input.source.file, { maxBytes: ORG_IMPORT_MAX_BYTES, maxRows: ORG_IMPORT_MAX_LINES + 20 });
    if (!table.ok) return { step: "problem", problem: sheetProblem(table.error), text: "" };
    text = tableToText(table.rows);
  } else {
    text = input.source.text;
  }
  if (text.trim() === "") return { step: "problem", problem: { kind: "no_input" }, text };
  const checked = check(county.id, text, await loadTree(county.id, getDb()));
  return checked.ok ? { step: "preview", preview: checked.preview } : { step: "problem", problem: checked.problem, text };
}

class StaleImport extends Error {}

async function writePlan(tx: Tx, county: { id: string; code: string; path: string }, plan: OrgPlan): Promise<void> {
  const codes = new Set((await tx.orgUnit.findMany({ where: { code: { startsWith: `${county.code}-` } }, select: { code: true } })).map((r) => r.code));
  const take = (code: string) => (codes.add(code), code);
  const units = await tx.orgUnit.findMany({ where: { path: { startsWith: county.path } }, select: { id: true, kind: true, name: true, path: true, code: true } });
  const townships = new Map(units.filter((u) => u.kind === "TOWNSHIP").map((u) => [u.name, u]));
  const schools = new Map(units.filter((u) => u.kind === "SCHOOL").map((u) => [u.name, u]));
  const create = async (parent: { id: string; path: string }, data: { kind: "TOWNSHIP" | "SCHOOL" | "CLASS"; name: string; code: string; shortName?: string | null; grade?: number; schoolYear?: number }) => {
    const row = await tx.orgUnit.create({ data: { ...data, parentId: parent.id, path: parent.path }, select: { id: true } });
    const path = `${parent.path}${row.id}/`;
    await tx.orgUnit.update({ where: { id: row.id }, data: { path } });
    return { id: row.id, path, code: data.code };
  };
  for (const t of plan.townships) townships.set(t.name, { ...(await create(county, { kind: "TOWNSHIP", name: t.name, code: take(nextNumberedCode(townshipCodePrefix(county.code), codes)) })), kind: "TOWNSHIP", name: t.name });
  for (const s of plan.schools) {
    const township = townships.get(s.township)!;
    const code = take(nextNumberedCode(schoolCodePrefix(county.code), codes));
    schools.set(s.name, { ...(await create(township, { kind: "SCHOOL", name: s.name, shortName: s.shortName, code })), kind: "SCHOOL", name: s.name });
  }
  for (const s of plan.shortNames) await tx.orgUnit.update({ where: { id: s.schoolId }, data: { shortName: s.shortName } });
  const schoolYear = schoolYearOf(new Date());
  for (const c of plan.classes) {
    const school = schools.get(c.school)!;
    const code = take(uniqueCode(classCodeBase(school.code, { schoolYear, grade: c.grade, number: c.number }), codes));
    await create(school, { kind: "CLASS", name: className(c.grade, c.number), code, grade: c.grade, schoolYear });
  }
}

/** Writes the previewed plan, or answers "stale" when the text or the tree changed since. Null: not found. */
export async function commitOrgImport(input: { userId: string; countyId: string; text: string; token: string; ip: string | null }): Promise<OrgImportResult | null> {
  const county = await getUnitInCounty(input.userId, input.countyId);
  if (!county || county.kind !== "COUNTY") return null;
  const checked = check(county.id, input.text, await loadTree(county.id, getDb()));
  if (!checked.ok) return { step: "problem", problem: checked.problem, text: input.text };
  if (checked.preview.token !== input.token) return { step: "problem", problem: { kind: "stale" }, text: input.text };
  if (checked.preview.errors.length > 0) return { step: "problem", problem: { kind: "has_errors" }, text: input.text };
  const { plan } = checked;
  try {
    await getDb().$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT "id" FROM "OrgUnit" WHERE "id" = ${county.id} FOR UPDATE`;
        if (tokenOf(input.text, (await loadTree(county.id, tx)).version) !== input.token) throw new StaleImport();
        await writePlan(tx, county, plan);
        const data = { townships: plan.townships.length, schools: plan.schools.length, classes: plan.classes.length, shortNames: plan.shortNames.length };
        await audit({ actorId: input.userId, action: "org.imported", subjectType: "OrgUnit", subjectId: county.id, orgUnitId: county.id, data, ip: input.ip }, tx);
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  } catch (error) {
    if (error instanceof StaleImport) return { step: "problem", problem: { kind: "stale" }, text: input.text };
    throw error;
  }
  return { step: "committed", townships: plan.townships.length, schools: plan.schools.length, classes: plan.classes.length, shortNames: plan.shortNames.length };
}
