// One zod schema per results form, used by the page (conform) and the server
// alike. Messages come from the catalog through `say`.
import { z } from "zod";
import { CONTEST_STATUSES } from "~/domain/contest.ts";
import type { Say } from "~/domain/contest-forms.ts";
import { THRESHOLD_MAX, THRESHOLD_MIN } from "./compute-results.ts";

const expectedStatus = (say: Say) => z.enum(CONTEST_STATUSES, { error: say("contests.form.stale") });
const id = (say: Say) => z.string({ error: say("results.form.required") }).trim().min(1, say("results.form.required")).max(64);

export const REASON_MIN = 4;
export const REASON_MAX = 500;
export const OBJECTION_MIN = 5;
export const OBJECTION_MAX = 1000;
export const CONTACT_MAX = 100;
/** The value of the tier select that means "no award". */
export const NO_TIER = "none";

export function computeSchema(say: Say) {
  return z.object({
    intent: z.literal("compute"),
    expectedStatus: expectedStatus(say),
    threshold: z.coerce
      .number({ error: say("results.form.threshold", { min: THRESHOLD_MIN, max: THRESHOLD_MAX }) })
      .int(say("results.form.threshold", { min: THRESHOLD_MIN, max: THRESHOLD_MAX }))
      .min(THRESHOLD_MIN, say("results.form.threshold", { min: THRESHOLD_MIN, max: THRESHOLD_MAX }))
      .max(THRESHOLD_MAX, say("results.form.threshold", { min: THRESHOLD_MIN, max: THRESHOLD_MAX })),
  });
}

export function changeTierSchema(say: Say) {
  return z.object({
    intent: z.literal("change-tier"),
    expectedStatus: expectedStatus(say),
    entryId: id(say),
    tierId: id(say),
    reason: z
      .string({ error: say("results.form.reasonRequired", { min: REASON_MIN }) })
      .trim()
      .min(REASON_MIN, say("results.form.reasonRequired", { min: REASON_MIN }))
      .max(REASON_MAX, say("results.form.tooLong", { max: REASON_MAX })),
  });
}

export function stepSchema(say: Say, intent: "publish" | "finalise") {
  return z.object({ intent: z.literal(intent), expectedStatus: expectedStatus(say) });
}

export function answerSchema(say: Say) {
  return z.object({
    intent: z.literal("answer"),
    expectedStatus: expectedStatus(say),
    objectionId: id(say),
    decision: z.enum(["upheld", "dismissed"], { error: say("results.form.decisionRequired") }),
    response: z
      .string({ error: say("results.form.responseRequired") })
      .trim()
      .min(2, say("results.form.responseRequired"))
      .max(REASON_MAX, say("results.form.tooLong", { max: REASON_MAX })),
  });
}

export function objectionSchema(say: Say) {
  return z.object({
    body: z
      .string({ error: say("results.objection.bodyRequired", { min: OBJECTION_MIN }) })
      .trim()
      .min(OBJECTION_MIN, say("results.objection.bodyRequired", { min: OBJECTION_MIN }))
      .max(OBJECTION_MAX, say("results.form.tooLong", { max: OBJECTION_MAX })),
    contact: z
      .string()
      .trim()
      .max(CONTACT_MAX, say("results.form.tooLong", { max: CONTACT_MAX }))
      .optional()
      .transform((v) => (v ? v : null)),
    awardId: z
      .string()
      .trim()
      .max(64)
      .optional()
      .transform((v) => (v ? v : null)),
  });
}
