// Issuing certificates when a contest is finalised (in the same transaction):
// one per confirmed award, and, when the contest says so, one participation
// certificate per child with a submitted entry. dedupeKey makes issuing safe
// to run twice. The PDF is not stored: it is drawn on each download from
// these rows (same serial, same code, same QR), so there is no object to
// leak, sweep or keep in step with a revoked row.
import { randomBytes } from "node:crypto";
import { t } from "~/i18n/t.ts";
import type { Tx } from "~/server/db/db.server.ts";

/** Crockford's base32 without I, L, O, U: read aloud or typed from paper without confusion. */
const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const VERIFY_CODE_LENGTH = 12;

/** 12 characters × 5 bits = 60 random bits: not guessable, short enough to type from a printed certificate. */
export function newVerifyCode(): string {
  const bytes = randomBytes(VERIFY_CODE_LENGTH);
  return Array.from(bytes, (b) => CODE_ALPHABET[b % 32]).join("");
}

export function isVerifyCode(value: string): boolean {
  return value.length === VERIFY_CODE_LENGTH && [...value].every((c) => CODE_ALPHABET.includes(c));
}

/** "2026寒-K3QF-读书-0001": year and season, a tag of the contest (two contests of a season never collide), the category, a number. */
function serialPrefix(contest: { id: string; year: number; season: "WINTER" | "SUMMER" }): string {
  const season = t("zh-CN", contest.season === "WINTER" ? "results.serial.winter" : "results.serial.summer");
  return `${contest.year}${season}-${contest.id.slice(-4).toUpperCase()}`;
}

export async function issueCertificates(tx: Tx, input: { contestId: string; now: Date }): Promise<number> {
  const contest = await tx.contest.findUniqueOrThrow({ where: { id: input.contestId }, select: { id: true, year: true, season: true, participationCertificates: true } });
  const prefix = serialPrefix(contest);
  let issued = await tx.certificate.count({ where: { contestId: contest.id } });
  const next = (label: string) => `${prefix}-${label}-${String(++issued).padStart(4, "0")}`;
  const existing = new Set((await tx.certificate.findMany({ where: { contestId: contest.id }, select: { dedupeKey: true } })).map((c) => c.dedupeKey));
  const awards = await tx.award.findMany({
    where: { contestId: contest.id, status: "CONFIRMED" },
    orderBy: [{ category: { sortOrder: "asc" } }, { tier: { rank: "asc" } }, { rank: "asc" }, { entryId: "asc" }],
    select: { id: true, entryId: true, category: { select: { name: true } }, entry: { select: { studentId: true } } },
  });
  const rows: { kind: "AWARD" | "PARTICIPATION"; studentId: string; entryId: string; awardId: string | null; dedupeKey: string; serialNumber: string; verifyCode: string }[] = [];
  for (const award of awards) {
    const dedupeKey = `award:${award.id}`;
    if (existing.has(dedupeKey)) continue;
    rows.push({ kind: "AWARD", studentId: award.entry.studentId, entryId: award.entryId, awardId: award.id, dedupeKey, serialNumber: next(award.category.name), verifyCode: newVerifyCode() });
  }
  if (contest.participationCertificates) {
    const entries = await tx.entry.findMany({
      where: { contestId: contest.id, status: { in: ["SUBMITTED", "NOMINATED"] }, submittedAt: { not: null } },
      orderBy: [{ schoolId: "asc" }, { studentId: "asc" }, { submittedAt: "asc" }],
      select: { id: true, studentId: true },
    });
    const label = t("zh-CN", "results.serial.participation");
    for (const entry of entries) {
      const dedupeKey = `participation:${contest.id}:${entry.studentId}`;
      if (existing.has(dedupeKey)) continue;
      existing.add(dedupeKey);
      // The child's first submitted entry: it places the certificate at a school for the coordinator's ZIP.
      rows.push({ kind: "PARTICIPATION", studentId: entry.studentId, entryId: entry.id, awardId: null, dedupeKey, serialNumber: next(label), verifyCode: newVerifyCode() });
    }
  }
  if (rows.length > 0) await tx.certificate.createMany({ data: rows.map((r) => ({ ...r, contestId: contest.id, issuedAt: input.now })) });
  return rows.length;
}
