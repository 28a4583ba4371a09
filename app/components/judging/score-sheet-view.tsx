// One work on a judge's screen: the work large, the rubric beside it (below
// on a phone), each criterion with its description; scores save themselves
// as they are typed; on a PC Enter moves to the next score. A short comment,
// submit, and "declare a conflict".
import { Form, Link } from "@remix-run/react";
import { useEffect, useRef, type KeyboardEvent } from "react";
import { Button, Card, CsrfInput, PageHeader, StatusBadge } from "~/components/index.ts";
import { useT } from "~/i18n/index.ts";
import { COMMENT_MAX, RECUSE_REASON_MAX, type ScoreSaveReply, type ScoreSheetView } from "~/view-models/judging.ts";
import { BlindMediaList } from "./blind-media.tsx";
import { ASSIGNMENT_TONE } from "./judge-queue-view.tsx";
import { ReplyBanner } from "./reply-banner.tsx";
import { useSheetAutosave } from "./use-sheet-autosave.ts";

export function ScoreSheetPage({ view, reply }: { view: ScoreSheetView; reply: ScoreSaveReply | null }) {
  const t = useT();
  const formRef = useRef<HTMLFormElement>(null);
  const autosave = useSheetAutosave({ assignmentId: view.assignmentId, enabled: view.open, formRef, serverSavedAt: view.savedAt });
  const submitted = reply?.ok === true;
  useEffect(() => {
    if (submitted) autosave.forget();
  }, [submitted, autosave]);
  const errors = { ...(reply && !reply.ok ? reply.fieldErrors : {}), ...autosave.fieldErrors };
  const status = reply?.ok ? reply.status : view.status;

  // Enter in a score box: save, then the next box (the comment after the last one).
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    const target = event.target as HTMLElement;
    if (event.key !== "Enter" || !(target instanceof HTMLInputElement) || !target.name.startsWith("score.")) return;
    event.preventDefault();
    autosave.flush();
    const boxes = Array.from(formRef.current?.querySelectorAll<HTMLElement>("input[name^='score.'], textarea[name='comment']") ?? []);
    boxes[boxes.indexOf(target) + 1]?.focus();
  };

  return (
    <div className="space-y-4">
      <PageHeader title={view.work.title || t("entry.untitled")} subtitle={`${t("judging.queue.code", { code: view.code })} · ${view.categoryName} · ${t(`judging.level.${view.level}`)}`}>
        <div className="flex flex-wrap items-center gap-3">
          <StatusBadge tone={ASSIGNMENT_TONE[status]}>{t(`judging.status.${status}`)}</StatusBadge>
          <Link to="/judge" className="inline-flex min-h-11 items-center text-lg underline underline-offset-4">
            {t("judging.sheet.backToQueue")}
          </Link>
        </div>
      </PageHeader>
      {!view.open ? <p className="rounded-xl bg-amber-50 px-4 py-3 text-lg text-amber-900 ring-1 ring-amber-300">{t("judging.sheet.closed")}</p> : null}
      <div className="grid gap-5 lg:grid-cols-[minmax(0,3fr)_minmax(20rem,2fr)]">
        <section aria-label={t("judging.sheet.work")} className="space-y-3">
          <BlindMediaList media={view.work.media} emptyText={view.work.bodyText ? "" : t("judging.sheet.noFiles")} />
          {view.work.description ? <p className="whitespace-pre-wrap text-lg">{view.work.description}</p> : null}
          {view.work.bodyText ? (
            <Card>
              <h2 className="mb-2 text-lg font-bold">{t("judging.sheet.text")}</h2>
              <p className="whitespace-pre-wrap text-lg leading-relaxed">{view.work.bodyText}</p>
            </Card>
          ) : null}
        </section>
        <section aria-label={t("judging.sheet.rubric")} className="space-y-4">
          <Form method="post" ref={formRef} onInput={autosave.changed} onKeyDown={onKeyDown} className="space-y-4" noValidate>
            <CsrfInput />
            <p className="hidden text-base text-slate-600 lg:block">{t("judging.sheet.keyboardHint")}</p>
            {view.criteria.map((c, i) => (
              <div key={c.id} className="space-y-1">
                <label htmlFor={`score-${c.id}`} className="flex items-baseline justify-between gap-2 text-lg font-semibold">
                  <span>{`${i + 1}. ${c.name}`}</span>
                  <span className="text-base font-normal text-slate-700">
                    {t("judging.sheet.max", { max: c.maxScore })} · {t("judging.sheet.weight", { weight: c.weight })}
                  </span>
                </label>
                {c.description ? <p id={`desc-${c.id}`} className="text-base text-slate-700">{c.description}</p> : null}
                <input
                  id={`score-${c.id}`}
                  name={`score.${c.id}`}
                  defaultValue={c.value}
                  inputMode="decimal"
                  autoComplete="off"
                  enterKeyHint="next"
                  disabled={!view.open}
                  aria-describedby={c.description ? `desc-${c.id}` : undefined}
                  aria-invalid={errors[c.id] ? true : undefined}
                  className={`block min-h-11 w-32 rounded-xl border-2 px-4 py-2 text-xl tabular-nums ${errors[c.id] ? "border-brand-700" : "border-slate-400"}`}
                />
                {errors[c.id] ? <p className="text-base font-semibold text-brand-800">{errors[c.id]}</p> : null}
              </div>
            ))}
            <div className="space-y-1">
              <label htmlFor="comment" className="block text-lg font-semibold">
                {t("judging.sheet.comment")}
              </label>
              <p className="text-base text-slate-700">{t("judging.sheet.commentHint", { max: COMMENT_MAX })}</p>
              <textarea id="comment" name="comment" defaultValue={view.comment} maxLength={COMMENT_MAX} rows={3} disabled={!view.open} className="block w-full rounded-xl border-2 border-slate-400 px-4 py-2 text-lg" />
              {errors.comment ? <p className="text-base font-semibold text-brand-800">{errors.comment}</p> : null}
            </div>
            <AutosaveNote state={autosave.state} message={autosave.message} />
            <ReplyBanner reply={reply} />
            {status === "SUBMITTED" ? <p className="text-base text-slate-700">{t("judging.sheet.submittedNote")}</p> : null}
            {view.open ? (
              <Button type="submit" name="intent" value="submit" block>
                {status === "SUBMITTED" ? t("judging.sheet.resubmit") : t("judging.sheet.submit")}
              </Button>
            ) : null}
          </Form>
          {view.nextAssignmentId ? (
            <Link to={`/judge/assignments/${view.nextAssignmentId}`} className="inline-flex min-h-11 items-center text-lg font-semibold underline underline-offset-4">
              {t("judging.sheet.next")}
            </Link>
          ) : null}
          {view.open ? (
            <details className="rounded-xl bg-white p-4 ring-1 ring-slate-200">
              <summary className="min-h-11 cursor-pointer text-lg font-semibold">{t("judging.recuse.title")}</summary>
              <Form method="post" className="mt-2 space-y-2">
                <CsrfInput />
                <p className="text-base text-slate-700">{t("judging.recuse.hint")}</p>
                <label htmlFor="recuse-reason" className="block text-lg font-semibold">
                  {t("judging.recuse.reason")}
                </label>
                <input id="recuse-reason" name="reason" maxLength={RECUSE_REASON_MAX} className="block min-h-11 w-full rounded-xl border-2 border-slate-400 px-4 text-lg" />
                {errors.reason ? <p className="text-base font-semibold text-brand-800">{errors.reason}</p> : null}
                <Button type="submit" name="intent" value="recuse" variant="danger">
                  {t("judging.recuse.button")}
                </Button>
              </Form>
            </details>
          ) : null}
        </section>
      </div>
    </div>
  );
}

function AutosaveNote({ state, message }: { state: ReturnType<typeof useSheetAutosave>["state"]; message: string }) {
  const t = useT();
  const text =
    state === "saving" ? t("judging.sheet.saving") : state === "saved" ? t("judging.sheet.savedAt") : state === "offline" ? t("judging.sheet.offline") : state === "invalid" || state === "closed" ? message : "";
  if (!text) return null;
  return (
    <p role="status" data-autosave={state} className={`text-base ${state === "offline" || state === "invalid" || state === "closed" ? "font-semibold text-brand-800" : "text-slate-700"}`}>
      {text}
    </p>
  );
}
