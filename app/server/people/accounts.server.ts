// Staff accounts of a county for its admins and organisers (/admin/people):
// appoint coordinators (to a school), teachers (to a class) and judges (to
// the county), finding the person by phone or creating their account with a
// readable initial password shown once; disable an account (its sessions end
// at once) or enable it again; reset a password; take a role away. Every
// change is audited.
//
// Whom an organiser may manage: accounts other than their own whose staff
// roles all lie inside the organiser's counties, that hold no ADMIN role, and
// no ORGANISER role unless the actor is an admin. Children are managed by
// their teachers (/classes/:classId/accounts), guardians by themselves.
import { APPOINTABLE_ROLES, STAFF_USERNAME_PREFIX, type AppointableRole } from "~/domain/people/forms.ts";
import { compareClasses, compareUnitNames } from "~/domain/people/org-units.ts";
import { maskPhone } from "~/domain/people/phone.ts";
import { isWithinPath, type Role } from "~/domain/roles.ts";
import { Prisma } from "~/server/db/db.server.ts";
import type { PeopleActionResult, PeopleView, PersonRow, UnitOption } from "~/view-models/people.ts";
import { audit } from "~/server/platform/audit.server.ts";
import type { RoleScope } from "~/server/auth/auth.server.ts";
import { getDb } from "~/server/db/db.server.ts";
import { getCountyScopes, getUnitInCounty, isAdmin } from "./access.server.ts";
import { drawUniqueUsernames, makeInitialPassword } from "./credentials.server.ts";

const STAFF_ROLES: Role[] = ["ADMIN", "ORGANISER", "JUDGE", "SCHOOL_COORDINATOR", "TEACHER"];
const LIST_LIMIT = 300;

type Target = { id: string; displayName: string; username: string; roles: { role: Role; orgUnit: { path: string } }[] };

function mayManage(actor: { id: string; admin: boolean; scopes: RoleScope[] }, target: Target): boolean {
  if (target.id === actor.id) return false;
  const staff = target.roles.filter((r) => STAFF_ROLES.includes(r.role));
  if (staff.length === 0) return false;
  if (staff.some((r) => r.role === "ADMIN") || (!actor.admin && staff.some((r) => r.role === "ORGANISER"))) return false;
  return staff.every((r) => actor.scopes.some((s) => isWithinPath(r.orgUnit.path, s.unit.path)));
}

async function actorOf(userId: string) {
  const [scopes, admin] = await Promise.all([getCountyScopes(userId), isAdmin(userId)]);
  return { id: userId, admin, scopes };
}

function unitLabel(unit: { name: string; kind: string; parent?: { name: string; shortName: string | null } | null }): string {
  return unit.kind === "CLASS" && unit.parent ? `${unit.parent.shortName ?? unit.parent.name} ${unit.name}` : unit.name;
}

async function unitOptions(county: { id: string; path: string; name: string }): Promise<PeopleView["units"]> {
  const units = await getDb().orgUnit.findMany({
    where: { path: { startsWith: county.path }, kind: { in: ["SCHOOL", "CLASS"] } },
    select: { id: true, kind: true, name: true, grade: true, parentId: true, parent: { select: { name: true, shortName: true } } },
  });
  const schools = units.filter((u) => u.kind === "SCHOOL").sort(compareUnitNames);
  const classes = schools.flatMap((s) => units.filter((u) => u.kind === "CLASS" && u.parentId === s.id).sort(compareClasses));
  const option = (u: (typeof units)[number]): UnitOption => ({ id: u.id, label: unitLabel(u), kind: u.kind as UnitOption["kind"] });
  return {
    JUDGE: [{ id: county.id, label: county.name, kind: "COUNTY" }],
    SCHOOL_COORDINATOR: schools.map(option),
    TEACHER: classes.map(option),
  };
}

/** Staff of the user's first county (or the one asked for), filtered by name, phone or username. Null: not theirs. */
export async function getPeopleView(input: { userId: string; countyId?: string | null; query?: string | null }): Promise<PeopleView | null> {
  const actor = await actorOf(input.userId);
  const scope = input.countyId ? actor.scopes.find((s) => s.unit.id === input.countyId) : actor.scopes[0];
  if (!scope) return null;
  const query = (input.query ?? "").normalize("NFKC").trim().slice(0, 40);
  const users = await getDb().user.findMany({
    where: {
      roles: { some: { role: { in: STAFF_ROLES }, orgUnit: { path: { startsWith: scope.unit.path } } } },
      ...(query ? { OR: [{ displayName: { contains: query } }, { phone: { contains: query } }, { username: { contains: query.toLowerCase() } }] } : {}),
    },
    orderBy: [{ displayName: "asc" }, { id: "asc" }],
    take: LIST_LIMIT + 1,
    select: {
      id: true,
      displayName: true,
      username: true,
      phone: true,
      status: true,
      mustChangePassword: true,
      roles: { select: { id: true, role: true, orgUnit: { select: { name: true, kind: true, path: true, parent: { select: { name: true, shortName: true } } } } } },
    },
  });
  const collator = new Intl.Collator("zh-CN");
  const people: PersonRow[] = users.slice(0, LIST_LIMIT).sort((a, b) => collator.compare(a.displayName, b.displayName)).map((u) => ({
    userId: u.id,
    name: u.displayName,
    username: u.username,
    phone: u.phone ? maskPhone(u.phone) : null,
    active: u.status === "ACTIVE",
    mustChangePassword: u.mustChangePassword,
    roles: u.roles
      .filter((r) => STAFF_ROLES.includes(r.role))
      .map((r) => ({ assignmentId: r.id, role: r.role, unitName: unitLabel(r.orgUnit), unitKind: r.orgUnit.kind })),
    manageable: mayManage(actor, u),
  }));
  return { countyName: scope.unit.name, query, people, truncated: users.length > LIST_LIMIT, units: await unitOptions(scope.unit) };
}

/**
 * Gives `role` on `unitId` to the person with this phone number, creating
 * their account when nobody has the number (a readable initial password,
 * shown once, to be changed at first login). Null: the unit is not in the
 * actor's county or of the wrong kind for the role (404).
 */
export async function appointStaff(input: { actorId: string; role: AppointableRole; unitId: string; phone: string; displayName: string; ip: string | null }): Promise<PeopleActionResult | null> {
  const unit = await getUnitInCounty(input.actorId, input.unitId);
  if (!unit || unit.kind !== APPOINTABLE_ROLES[input.role]) return null;
  const db = getDb();
  const existing = await db.user.findUnique({ where: { phone: input.phone }, select: { id: true, displayName: true, status: true, roles: { select: { role: true, orgUnitId: true } } } });
  const parent = unit.kind === "CLASS" && unit.parentId ? await db.orgUnit.findUnique({ where: { id: unit.parentId }, select: { name: true, shortName: true } }) : null;
  const unitName = unitLabel({ ...unit, parent });
  if (existing) {
    if (existing.status !== "ACTIVE") return { ok: false, message: "people.error.appointDisabled" };
    if (existing.roles.some((r) => r.role === "STUDENT")) return { ok: false, message: "people.error.appointStudent" };
    if (existing.roles.some((r) => r.role === input.role && r.orgUnitId === unit.id)) return { ok: true, kind: "already", name: existing.displayName };
    await db.$transaction(async (tx) => {
      const assignment = await tx.roleAssignment.create({ data: { userId: existing.id, role: input.role, orgUnitId: unit.id }, select: { id: true } });
      const data = { role: input.role, unitId: unit.id, assignmentId: assignment.id };
      await audit({ actorId: input.actorId, action: "people.role_granted", subjectType: "User", subjectId: existing.id, orgUnitId: unit.id, data, ip: input.ip }, tx);
    });
    return { ok: true, kind: "appointed", name: existing.displayName, role: input.role, unitName, created: null };
  }
  if (input.displayName === "") return { ok: false, message: "people.error.nameRequired" };
  const [username] = await drawUniqueUsernames(STAFF_USERNAME_PREFIX, 1);
  const { password, passwordHash } = await makeInitialPassword();
  try {
    await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { username: username!, phone: input.phone, displayName: input.displayName, passwordHash, mustChangePassword: true, roles: { create: { role: input.role, orgUnitId: unit.id } } },
        select: { id: true },
      });
      const data = { role: input.role, unitId: unit.id, created: true };
      await audit({ actorId: input.actorId, action: "people.account_created", subjectType: "User", subjectId: user.id, orgUnitId: unit.id, data, ip: input.ip }, tx);
    });
  } catch (error) {
    // The number was registered between the look-up and the insert: appoint that account instead.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return appointStaff(input);
    throw error;
  }
  return { ok: true, kind: "appointed", name: input.displayName, role: input.role, unitName, created: { username: username!, password } };
}

async function findManageable(actorId: string, userId: string): Promise<Target | null> {
  const target = await getDb().user.findUnique({
    where: { id: userId },
    select: { id: true, displayName: true, username: true, roles: { select: { role: true, orgUnit: { select: { path: true } } } } },
  });
  return target && mayManage(await actorOf(actorId), target) ? target : null;
}

/** Disables the account and ends all its sessions at once. Null: not manageable by this actor (404). */
export async function setAccountStatus(input: { actorId: string; userId: string; status: "ACTIVE" | "DISABLED"; ip: string | null }): Promise<PeopleActionResult | null> {
  const target = await findManageable(input.actorId, input.userId);
  if (!target) return null;
  await getDb().$transaction(async (tx) => {
    await tx.user.update({ where: { id: target.id }, data: { status: input.status } });
    if (input.status === "DISABLED") await tx.session.deleteMany({ where: { userId: target.id } });
    const action = input.status === "DISABLED" ? "people.account_disabled" : "people.account_enabled";
    await audit({ actorId: input.actorId, action, subjectType: "User", subjectId: target.id, ip: input.ip }, tx);
  });
  return { ok: true, kind: input.status === "DISABLED" ? "disabled" : "enabled", name: target.displayName };
}

/** A new readable initial password (shown once), to be changed at the next login; other sessions end. */
export async function resetStaffPassword(input: { actorId: string; userId: string; ip: string | null }): Promise<PeopleActionResult | null> {
  const target = await findManageable(input.actorId, input.userId);
  if (!target) return null;
  const { password, passwordHash } = await makeInitialPassword();
  await getDb().$transaction(async (tx) => {
    await tx.user.update({ where: { id: target.id }, data: { passwordHash, mustChangePassword: true, initialPasswordEnc: null } });
    await tx.session.deleteMany({ where: { userId: target.id } });
    await audit({ actorId: input.actorId, action: "people.password_reset", subjectType: "User", subjectId: target.id, ip: input.ip }, tx);
  });
  return { ok: true, kind: "password_reset", name: target.displayName, username: target.username, password };
}

/** Takes one staff role away (a teacher moved to another class). Null: not the actor's to change. */
export async function removeStaffRole(input: { actorId: string; assignmentId: string; ip: string | null }): Promise<PeopleActionResult | null> {
  const assignment = await getDb().roleAssignment.findUnique({ where: { id: input.assignmentId }, select: { id: true, userId: true, role: true, orgUnitId: true } });
  if (!assignment || !(Object.keys(APPOINTABLE_ROLES) as string[]).includes(assignment.role)) return null;
  const target = await findManageable(input.actorId, assignment.userId);
  if (!target) return null;
  await getDb().$transaction(async (tx) => {
    await tx.roleAssignment.delete({ where: { id: assignment.id } });
    const data = { role: assignment.role, unitId: assignment.orgUnitId };
    await audit({ actorId: input.actorId, action: "people.role_removed", subjectType: "User", subjectId: target.id, orgUnitId: assignment.orgUnitId, data, ip: input.ip }, tx);
  });
  return { ok: true, kind: "role_removed", name: target.displayName };
}
