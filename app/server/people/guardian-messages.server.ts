// A refused link code (or registration) as the guardian forms show it: which
// field the words go under, and the HTTP status (429 with Retry-After when
// too many codes were wrong).
import type { PasswordWeakness } from "~/domain/password-rules.ts";
import { MAX_CHILDREN_PER_GUARDIAN } from "~/domain/people/forms.ts";
import { t, type Locale, type MessageKey } from "~/i18n/t.ts";
import type { LinkCodeProblem } from "~/view-models/people.ts";
import { retryAfterMessage } from "~/server/auth/auth.server.ts";

const WEAKNESS: Record<PasswordWeakness, MessageKey> = {
  too_short: "password.error.tooShort",
  repeated: "password.error.weak.repeated",
  sequence: "password.error.weak.sequence",
  personal: "password.error.weak.personal",
  common: "password.error.weak.common",
};

export function weaknessKey(weakness: PasswordWeakness): MessageKey {
  return WEAKNESS[weakness];
}

const STATUS: Record<LinkCodeProblem, number> = {
  link_code_format: 400,
  link_code_typo: 400,
  link_code_wrong: 400,
  link_code_used: 409,
  link_code_expired: 410,
  too_many_children: 409,
  already_linked: 409,
  phone_taken: 409,
  rate_limited: 429,
};

export function linkCodeAnswer(
  locale: Locale,
  refusal: { problem: LinkCodeProblem; retryAfterSeconds?: number },
): { formError: string | null; fieldErrors: Record<string, string>; init: ResponseInit } {
  const { problem } = refusal;
  if (problem === "rate_limited") {
    const seconds = refusal.retryAfterSeconds ?? 60;
    return { formError: retryAfterMessage(locale, seconds), fieldErrors: {}, init: { status: 429, headers: { "Retry-After": String(seconds) } } };
  }
  const message = t(locale, `guardian.error.${problem}`, { max: MAX_CHILDREN_PER_GUARDIAN });
  const init = { status: STATUS[problem] };
  if (problem === "phone_taken") return { formError: null, fieldErrors: { phone: message }, init };
  if (problem === "too_many_children" || problem === "already_linked") return { formError: message, fieldErrors: {}, init };
  return { formError: null, fieldErrors: { linkCode: message }, init };
}
