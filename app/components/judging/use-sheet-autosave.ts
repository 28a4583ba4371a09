// Autosave for a score sheet that survives a dropped connection: every
// change is kept on the device at once (localStorage, per assignment) and
// posted to the autosave endpoint shortly after; a failed post (offline, a
// tunnel, a village with one bar) is retried every few seconds and when the
// browser says it is back online; a reload puts unsaved values back into the
// form and saves them. The server keeps partial sheets, so nothing typed is
// lost whichever side the connection dropped on.
import { useCallback, useEffect, useRef, useState, type RefObject } from "react";

export type AutosaveState = "idle" | "saving" | "saved" | "offline" | "invalid" | "closed";

type Draft = { values: Record<string, string>; at: number };

const DEBOUNCE_MS = 500;
const RETRY_MS = 5000;

function draftKey(assignmentId: string): string {
  return `judge-sheet:${assignmentId}`;
}

function readDraft(assignmentId: string): Draft | null {
  try {
    const raw = window.localStorage.getItem(draftKey(assignmentId));
    return raw ? (JSON.parse(raw) as Draft) : null;
  } catch {
    return null;
  }
}

function sheetValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const el of Array.from(form.elements)) {
    if ((el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && (el.name.startsWith("score.") || el.name === "comment")) values[el.name] = el.value;
  }
  return values;
}

export function useSheetAutosave(input: { assignmentId: string; enabled: boolean; formRef: RefObject<HTMLFormElement | null>; serverSavedAt: string | null }) {
  const { assignmentId, enabled, formRef } = input;
  const [state, setState] = useState<AutosaveState>("idle");
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string>("");
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef(false);
  const again = useRef(false);
  // Retries call the latest save through this ref (a callback cannot name itself).
  const saveRef = useRef<() => void>(() => undefined);

  const save = useCallback(async () => {
    const form = formRef.current;
    if (!form || !enabled) return;
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    setState("saving");
    const sent = sheetValues(form);
    const body = new FormData();
    body.set("csrf", String(new FormData(form).get("csrf") ?? ""));
    for (const [k, v] of Object.entries(sent)) body.set(k, v);
    try {
      const response = await fetch(`/judge/assignments/${assignmentId}/autosave`, { method: "POST", body, credentials: "same-origin" });
      const reply = (await response.json().catch(() => null)) as { ok: boolean; message?: string; fieldErrors?: Record<string, string> } | null;
      if (response.ok && reply?.ok) {
        const draft = readDraft(assignmentId);
        // Only what was sent is saved: a change typed meanwhile stays as a draft for the next save.
        if (draft && JSON.stringify(draft.values) === JSON.stringify(sent)) window.localStorage.removeItem(draftKey(assignmentId));
        setFieldErrors({});
        setMessage("");
        setState("saved");
      } else if (response.status === 400) {
        setFieldErrors(reply?.fieldErrors ?? {});
        setMessage(reply?.message ?? "");
        setState("invalid");
      } else if (response.status === 409) {
        setMessage(reply?.message ?? "");
        setState("closed");
      } else {
        throw new Error(`autosave answered ${response.status}`);
      }
    } catch {
      setState("offline");
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => saveRef.current(), RETRY_MS);
    } finally {
      inFlight.current = false;
      if (again.current) {
        again.current = false;
        saveRef.current();
      }
    }
  }, [assignmentId, enabled, formRef]);

  useEffect(() => {
    saveRef.current = () => void save();
  }, [save]);

  const changed = useCallback(() => {
    const form = formRef.current;
    if (!form || !enabled) return;
    try {
      window.localStorage.setItem(draftKey(assignmentId), JSON.stringify({ values: sheetValues(form), at: Date.now() } satisfies Draft));
    } catch {
      // Private mode or a full store: the server copy still comes.
    }
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => void save(), DEBOUNCE_MS);
  }, [assignmentId, enabled, formRef, save]);

  const flush = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    void save();
  }, [save]);

  // A reload after a dropped connection: put the unsaved values back and save them.
  useEffect(() => {
    const form = formRef.current;
    const draft = readDraft(assignmentId);
    if (!form || !draft || !enabled) return;
    if (input.serverSavedAt && Date.parse(input.serverSavedAt) >= draft.at) {
      window.localStorage.removeItem(draftKey(assignmentId));
      return;
    }
    for (const [name, value] of Object.entries(draft.values)) {
      const el = form.elements.namedItem(name);
      if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) el.value = value;
    }
    // Saved after this render (a save sets state), through the same path as a retry.
    const pending = setTimeout(() => saveRef.current(), 0);
    return () => clearTimeout(pending);
    // Once per page: the draft belongs to the sheet as it was loaded.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [assignmentId]);

  useEffect(() => {
    const online = () => {
      if (readDraft(assignmentId)) void save();
    };
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("online", online);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [assignmentId, save]);

  const forget = useCallback(() => window.localStorage.removeItem(draftKey(assignmentId)), [assignmentId]);

  return { state, fieldErrors, message, changed, flush, forget };
}
