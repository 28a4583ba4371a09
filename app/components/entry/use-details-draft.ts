// What the family typed into the details form, kept in this browser until the
// server has it: a reload, a dropped connection or a tap on "back" in the
// middle of an essay must not lose it. Stored per entry in localStorage
// together with the saved values it started from; when the server's values
// have changed since (saved here or on another phone), the server wins and
// the old draft is dropped.
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import type { DetailValues } from "./entry-details-form.tsx";

const PREFIX = "sanshai:entry-draft:";

type StoredDraft = { base: DetailValues; values: DetailValues };

function isDetails(v: unknown): v is DetailValues {
  if (!v || typeof v !== "object") return false;
  const o = v as Record<string, unknown>;
  return typeof o.title === "string" && typeof o.description === "string" && typeof o.bodyText === "string";
}

const same = (a: DetailValues, b: DetailValues) => a.title === b.title && a.description === b.description && a.bodyText === b.bodyText;

/** The stored values, when they continue from exactly what the server holds now and differ from it. */
export function restoreDraft(raw: string | null, saved: DetailValues): DetailValues | null {
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as Partial<StoredDraft>;
    if (!isDetails(parsed.base) || !isDetails(parsed.values)) return null;
    return same(parsed.base, saved) && !same(parsed.values, saved) ? parsed.values : null;
  } catch {
    return null;
  }
}

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null; // storage disabled (private mode in some in-app browsers): nothing to restore
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // Full or disabled: the form still works, only a reload would lose the typing.
  }
}

const noSubscribe = () => () => {};

/**
 * `live`: what the fields show (typed now, else a restored draft, else
 * `initial`); `edit`: call on every change; `restored`: a draft was brought
 * back and not yet touched (the page says so).
 */
export function useDetailsDraft(entryId: string, saved: DetailValues, initial: DetailValues) {
  const key = `${PREFIX}${entryId}`;
  // null on the server and while hydrating (so the markup matches), the stored draft after.
  const raw = useSyncExternalStore(noSubscribe, () => read(key), () => null);
  const restored = useMemo(() => restoreDraft(raw, saved), [raw, saved]);
  const [edits, setEdits] = useState<DetailValues | null>(null);
  const edit = useCallback(
    (values: DetailValues) => {
      setEdits(values);
      write(key, same(values, saved) ? null : JSON.stringify({ base: saved, values } satisfies StoredDraft));
    },
    [key, saved],
  );
  // A draft the server has overtaken (saved, or changed elsewhere) is removed.
  useEffect(() => {
    if (raw && !restored && edits === null) write(key, null);
  }, [raw, restored, edits, key]);
  return { live: edits ?? restored ?? initial, edit, restored: restored !== null && edits === null };
}
