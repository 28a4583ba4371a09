// Login slips for a class (/classes/:classId/slips.pdf): the A4 PDF of
// renderLoginSlips for the whole class or chosen children, from the sealed
// initial passwords and link codes. A slip of a child who already chose a
// password, or whose link code was used or ran out, says so in place of the
// secret: the slip still carries the username and the login QR code.
import type { LoginSlip } from "~/server/documents/pdf/login-slips.server.ts";
import { formatList, t, type Locale } from "~/i18n/t.ts";
import { audit } from "~/server/platform/audit.server.ts";
import { getDb } from "~/server/db/db.server.ts";
import { getClassAccess } from "./access.server.ts";
import { openInitialPassword, openLinkCode } from "./credentials.server.ts";

export type SlipsResult =
  | { result: "not_found" }
  | { result: "empty" }
  | { result: "ok"; pdf: Uint8Array; fileName: string; missing: { childName: string; characters: string[] }[] };

/** Characters of a text that no font file of the PDFs has (drawn as □ on paper). */
export async function missingPdfCharacters(text: string): Promise<string[]> {
  // pdf-lib and the fonts load on first use, not with the app (README "Memory").
  const { prepareText } = await import("~/server/documents/pdf/fonts.server.ts");
  return [...new Set((await prepareText(text)).missing)];
}

const ID_LIMIT = 200;

/** Where guardians register, as printed: host and path, without the scheme nobody types. */
function registrationAddress(loginUrl: string): string {
  const url = new URL("/guardian/register", loginUrl);
  return `${url.host}${url.pathname}`;
}

export async function buildClassSlips(input: {
  userId: string;
  classId: string;
  /** Chosen children; empty or absent: the whole class. */
  studentIds?: readonly string[];
  loginUrl: string;
  locale: Locale;
  ip: string | null;
}): Promise<SlipsResult> {
  const access = await getClassAccess(input.userId, input.classId);
  if (!access) return { result: "not_found" };
  const chosen = (input.studentIds ?? []).slice(0, ID_LIMIT);
  const profiles = await getDb().studentProfile.findMany({
    where: { classId: access.class.id, ...(chosen.length > 0 ? { userId: { in: [...chosen] } } : {}), user: { status: "ACTIVE" } },
    select: {
      studentNumber: true,
      linkCodeHash: true,
      linkCodeEnc: true,
      linkCodeExpiresAt: true,
      user: { select: { id: true, displayName: true, username: true, initialPasswordEnc: true } },
    },
  });
  if (profiles.length === 0) return { result: "empty" };
  const collator = new Intl.Collator("zh-CN", { numeric: true });
  profiles.sort((a, b) =>
    a.studentNumber && b.studentNumber ? collator.compare(a.studentNumber, b.studentNumber) : collator.compare(a.user.displayName, b.user.displayName),
  );
  const l = (key: Parameters<typeof t>[1]) => t(input.locale, key);
  const schoolName = access.school.shortName ?? access.school.name;
  const slips: LoginSlip[] = profiles.map((p) => {
    const link = openLinkCode(p.user.username, p);
    const linkText = link.code ?? l(link.state === "used" ? "slips.linkCodeUsed" : link.state === "expired" ? "slips.linkCodeExpired" : "slips.linkCodeNone");
    return {
      schoolName,
      className: access.class.name,
      childName: p.user.displayName,
      username: p.user.username,
      initialPassword: openInitialPassword(p.user) ?? l("slips.passwordChanged"),
      linkCode: linkText,
    };
  });
  const title = t(input.locale, "slips.title", { school: schoolName, class: access.class.name });
  const { renderLoginSlips } = await import("~/server/documents/pdf/login-slips.server.ts");
  const rendered = await renderLoginSlips(slips, {
    loginUrl: input.loginUrl,
    title,
    labels: {
      username: l("slips.label.username"),
      password: l("slips.label.password"),
      linkCode: l("slips.label.linkCode"),
      linkCodeHint: t(input.locale, "slips.label.linkCodeHint", { url: registrationAddress(input.loginUrl) }),
      changePassword: l("slips.label.changePassword"),
      scanToLogin: l("slips.label.scanToLogin"),
    },
  });
  const missing = rendered.missing.map((m) => ({ childName: slips[m.slip]?.childName ?? "", characters: m.characters }));
  await audit({
    actorId: input.userId,
    action: "people.slips_printed",
    subjectType: "OrgUnit",
    subjectId: access.class.id,
    orgUnitId: access.class.id,
    data: { students: profiles.map((p) => p.user.id), missing: missing.map((m) => formatList(input.locale, m.characters)) },
    ip: input.ip,
  });
  return { result: "ok", pdf: rendered.pdf, fileName: `${title}.pdf`, missing };
}
