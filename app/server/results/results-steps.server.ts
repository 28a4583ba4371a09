// What the contest's steps do to the results, inside the transaction that
// moves the status (contest-status.server.ts calls this right after its
// compare-and-set, whichever page took the step), so a status and its effects
// commit together or not at all:
// - COUNTY_JUDGING → NOTICE: the county rounds are frozen (frozenAt: scores
//   and ranks may no longer change), proposed awards are announced, and the
//   public notice (公示) starts for the contest's notice window.
// - NOTICE → COUNTY_JUDGING (an objection upheld): unfrozen, awards back to
//   proposed, the notice closed.
// - NOTICE → FINALISED: awards confirmed, the notice closed (the public page
//   then says the results are final), certificates issued.
import type { ContestStatus } from "~/domain/contest.ts";
import type { Tx } from "~/server/db/db.server.ts";
import { issueCertificates } from "~/server/certificates/certificate-issue.server.ts";

export async function applyResultsStep(tx: Tx, input: { contestId: string; to: ContestStatus; now: Date; actorId: string | null }): Promise<void> {
  const { contestId, now } = input;
  if (input.to === "NOTICE") {
    await tx.judgingRound.updateMany({ where: { contestId, level: "COUNTY", frozenAt: null }, data: { frozenAt: now } });
    await tx.award.updateMany({ where: { contestId, status: "PROPOSED" }, data: { status: "ANNOUNCED" } });
    const contest = await tx.contest.findUniqueOrThrow({ where: { id: contestId }, select: { title: true, noticeStartsAt: true, noticeEndsAt: true } });
    await tx.publicNotice.updateMany({ where: { contestId, status: "ACTIVE" }, data: { status: "CLOSED" } });
    await tx.publicNotice.create({
      data: {
        contestId,
        title: contest.title,
        status: "ACTIVE",
        startsAt: contest.noticeStartsAt && contest.noticeStartsAt < now ? contest.noticeStartsAt : now,
        endsAt: contest.noticeEndsAt ?? now,
        publishedById: input.actorId,
      },
    });
    return;
  }
  if (input.to === "COUNTY_JUDGING") {
    await tx.judgingRound.updateMany({ where: { contestId, level: "COUNTY" }, data: { frozenAt: null } });
    await tx.award.updateMany({ where: { contestId, status: "ANNOUNCED" }, data: { status: "PROPOSED" } });
    await tx.publicNotice.updateMany({ where: { contestId, status: "ACTIVE" }, data: { status: "CLOSED" } });
    return;
  }
  if (input.to === "FINALISED") {
    await tx.award.updateMany({ where: { contestId, status: { in: ["PROPOSED", "ANNOUNCED"] } }, data: { status: "CONFIRMED", decidedById: input.actorId } });
    await tx.publicNotice.updateMany({ where: { contestId, status: "ACTIVE" }, data: { status: "CLOSED" } });
    await issueCertificates(tx, { contestId, now });
  }
}
