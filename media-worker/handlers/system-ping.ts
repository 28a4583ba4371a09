// system.ping: the queue's round trip. Records each attempt in the audit log
// (so an operator, or a test, can see the worker really ran it) and answers
// with a pong. `failMode` checks the failure paths: "permanent" must fail
// once and never be retried; "transient-once" fails its first attempt and
// succeeds on the retry.
import type { Db } from "~/server/db/db.server.ts";
import { PermanentJobError, type JobHandler } from "~/server/jobs/queue.server.ts";

export function createSystemPingHandler(deps: { db: Db }): JobHandler<"system.ping"> {
  return async (payload, ctx) => {
    await deps.db.auditLog.create({
      data: {
        action: "system.ping",
        subjectType: "job",
        subjectId: ctx.jobId,
        data: { nonce: payload.nonce, attempt: ctx.attempt, failMode: payload.failMode },
      },
    });
    if (payload.failMode === "permanent") {
      throw new PermanentJobError("ping asked to fail permanently", "ping_permanent");
    }
    if (payload.failMode === "transient-once" && ctx.attempt === 0) {
      throw new Error("ping asked to fail its first attempt");
    }
    return { pong: payload.nonce, attempt: ctx.attempt };
  };
}
