// Certificates after finalisation: a child (or a linked guardian) downloads
// their own as a PDF; a school coordinator downloads their school's as one
// streamed ZIP; anyone with the code on a certificate sees, on /verify/<code>,
// the masked name, contest, category and award and nothing more. Everyone
// else: not found. The PDF is drawn from the rows on each request (see
// certificate-issue.server.ts), always in Chinese: it is the committee's document.
import { maskName } from "~/domain/mask-name.ts";
import { formatDate, t, type MessageKey } from "~/i18n/t.ts";
import type { EntryResultsView, VerifyView } from "~/view-models/results.ts";
import { getSchoolScopes, isPlausibleId } from "~/server/contests/contest-access.server.ts";
import { safeFileName } from "~/server/contests/contest-progress-export.server.ts";
import { getDb } from "~/server/db/db.server.ts";
import type { CertificateContent } from "~/server/documents/pdf/certificates.server.ts";
import type { ZipFile } from "~/server/documents/zip.server.ts";
import { isWithinPath } from "~/domain/roles.ts";
import { isVerifyCode } from "./certificate-issue.server.ts";

const FINAL = ["FINALISED", "ARCHIVED"] as const;
const say = (key: MessageKey, params?: Record<string, string | number>) => t("zh-CN", key, params);

const certificateSelect = {
  id: true,
  kind: true,
  studentId: true,
  serialNumber: true,
  verifyCode: true,
  issuedAt: true,
  revokedAt: true,
  contest: { select: { title: true, status: true, finalisedAt: true, orgUnit: { select: { name: true } } } },
  entry: { select: { title: true, schoolId: true, school: { select: { name: true, path: true } }, class: { select: { name: true } }, gradeBand: { select: { name: true } } } },
  award: { select: { status: true, tier: { select: { name: true } }, category: { select: { name: true } } } },
} as const;

async function loadCertificate(where: { id: string } | { verifyCode: string }) {
  return getDb().certificate.findUnique({ where, select: certificateSelect });
}
type CertificateRow = NonNullable<Awaited<ReturnType<typeof loadCertificate>>>;

async function studentName(studentId: string): Promise<string> {
  return (await getDb().user.findUniqueOrThrow({ where: { id: studentId }, select: { displayName: true } })).displayName;
}

function contentOf(c: CertificateRow, name: string, baseUrl: string): CertificateContent {
  const award = c.kind === "AWARD" && c.award ? c.award : null;
  const body = award
    ? say("results.cert.bodyAward", { contest: c.contest.title, category: award.category.name, band: c.entry?.gradeBand?.name ?? "", title: c.entry?.title ?? "", tier: award.tier.name })
    : say("results.cert.bodyParticipation", { contest: c.contest.title });
  const title = say(award ? "results.cert.titleAward" : "results.cert.titleParticipation");
  return {
    title,
    recipient: say("results.cert.recipient", { name }),
    body,
    school: c.entry ? `${c.entry.school.name} ${c.entry.class.name}` : "",
    issuer: say("results.cert.issuer", { county: c.contest.orgUnit.name }),
    date: formatDate("zh-CN", c.contest.finalisedAt ?? c.issuedAt),
    serialLine: say("results.cert.serial", { serial: c.serialNumber }),
    codeLine: say("results.cert.code", { code: c.verifyCode }),
    verifyUrl: new URL(`/verify/${c.verifyCode}`, baseUrl).toString(),
    scanCaption: say("results.cert.scan"),
    documentTitle: `${title} ${c.serialNumber}`,
  };
}

function fileNameOf(c: CertificateRow, name: string): string {
  const kind = say(c.kind === "AWARD" ? "results.cert.titleAward" : "results.cert.titleParticipation");
  return safeFileName(`${name}-${kind}-${c.serialNumber}.pdf`);
}

function isLive(c: CertificateRow): boolean {
  return (FINAL as readonly string[]).includes(c.contest.status) && c.revokedAt === null && (c.award === null || c.award.status === "CONFIRMED");
}

/** Whether the user is the child or a linked guardian of the child. */
async function isOwnChild(userId: string, studentId: string): Promise<boolean> {
  if (userId === studentId) return true;
  return (await getDb().guardianLink.count({ where: { guardianId: userId, studentId } })) > 0;
}

/** pdf-lib and the fonts load with the first certificate, not with the app (README "Memory"). */
const loadPdf = () => import("~/server/documents/pdf/certificates.server.ts");

export async function getOwnCertificatePdf(input: { userId: string; certificateId: string; baseUrl: string }): Promise<{ pdf: Uint8Array; fileName: string } | null> {
  if (!isPlausibleId(input.certificateId)) return null;
  const c = await loadCertificate({ id: input.certificateId });
  if (!c || !isLive(c) || !(await isOwnChild(input.userId, c.studentId))) return null;
  const name = await studentName(c.studentId);
  const { renderCertificate } = await loadPdf();
  const { pdf } = await renderCertificate(contentOf(c, name, input.baseUrl));
  return { pdf, fileName: fileNameOf(c, name) };
}

/** The coordinator's school(s) certificates of a finalised contest as a ZIP stream; null when there is nothing of theirs. */
export async function streamSchoolCertificates(input: { userId: string; contestId: string; baseUrl: string }): Promise<{ stream: ReadableStream<Uint8Array>; fileName: string } | null> {
  if (!isPlausibleId(input.contestId)) return null;
  const [scopes, contest] = await Promise.all([
    getSchoolScopes(input.userId),
    getDb().contest.findUnique({ where: { id: input.contestId }, select: { id: true, title: true, status: true, orgUnit: { select: { path: true } } } }),
  ]);
  if (!contest || !(FINAL as readonly string[]).includes(contest.status)) return null;
  const schools = scopes.filter((s) => isWithinPath(s.unit.path, contest.orgUnit.path)).map((s) => s.unit);
  if (schools.length === 0) return null;
  const ids = await getDb().certificate.findMany({
    where: { contestId: contest.id, revokedAt: null, entry: { schoolId: { in: schools.map((s) => s.id) } } },
    orderBy: [{ kind: "asc" }, { serialNumber: "asc" }],
    select: { id: true },
  });
  const [{ renderCertificate }, { streamZip }] = await Promise.all([loadPdf(), import("~/server/documents/zip.server.ts")]);
  async function* files(): AsyncGenerator<ZipFile> {
    const used = new Set<string>();
    for (const { id } of ids) {
      const c = await loadCertificate({ id });
      if (!c || !isLive(c)) continue;
      const name = await studentName(c.studentId);
      const { pdf } = await renderCertificate(contentOf(c, name, input.baseUrl));
      let fileName = fileNameOf(c, name);
      while (used.has(fileName)) fileName = `_${fileName}`;
      used.add(fileName);
      yield { name: fileName, data: pdf };
    }
  }
  const schoolNames = schools.map((s) => s.shortName ?? s.name).join("-");
  return { stream: streamZip(files()), fileName: safeFileName(`${contest.title}-${schoolNames}-${say("results.cert.zipSuffix")}.zip`) };
}

export async function getVerifyView(code: string): Promise<VerifyView> {
  const normalised = code.trim().toUpperCase();
  if (!isVerifyCode(normalised)) return { found: false };
  const c = await loadCertificate({ verifyCode: normalised });
  if (!c || !(FINAL as readonly string[]).includes(c.contest.status)) return { found: false };
  const name = await studentName(c.studentId);
  return {
    found: true,
    revoked: !isLive(c),
    maskedName: maskName(name),
    contestTitle: c.contest.title,
    categoryName: c.award?.category.name ?? null,
    awardName: c.kind === "AWARD" && c.award ? c.award.tier.name : say("results.cert.titleParticipation"),
  };
}

/**
 * The entry page's results card: after finalisation, the judges' comments on
 * this entry (never who wrote them) and the child's certificates of the
 * contest, for the child and linked guardians only.
 */
export async function getEntryResults(input: { entryId: string; viewerId: string }): Promise<EntryResultsView | null> {
  if (!isPlausibleId(input.entryId)) return null;
  const entry = await getDb().entry.findUnique({ where: { id: input.entryId }, select: { id: true, studentId: true, contestId: true, contest: { select: { status: true } } } });
  if (!entry || !(FINAL as readonly string[]).includes(entry.contest.status) || !(await isOwnChild(input.viewerId, entry.studentId))) return null;
  const [assignments, certificates] = await Promise.all([
    getDb().judgeAssignment.findMany({
      where: { entryId: entry.id, status: "SUBMITTED", round: { level: "COUNTY" }, comment: { not: null } },
      orderBy: { submittedAt: "asc" },
      select: { comment: true },
    }),
    getDb().certificate.findMany({
      where: { contestId: entry.contestId, studentId: entry.studentId, revokedAt: null, OR: [{ entryId: entry.id }, { kind: "PARTICIPATION" }] },
      orderBy: { kind: "asc" },
      select: { id: true, kind: true, serialNumber: true, award: { select: { status: true, tier: { select: { name: true } } } } },
    }),
  ]);
  return {
    feedback: assignments.map((a) => (a.comment ?? "").trim()).filter((c) => c !== ""),
    certificates: certificates
      .filter((c) => c.kind === "PARTICIPATION" || c.award?.status === "CONFIRMED")
      .map((c) => ({ id: c.id, serialNumber: c.serialNumber, label: c.kind === "AWARD" && c.award ? say("results.cert.awardLink", { tier: c.award.tier.name }) : say("results.cert.participationLink") })),
  };
}
