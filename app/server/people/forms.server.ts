// Reading the people pages' forms after parseForm (same-origin and CSRF
// checked there): forms with several intents, and a list given as pasted
// text or as a file.
import type { z } from "zod";
import { zhCN, type MessageKey } from "~/i18n/zh-CN.ts";

export type Fields<T> = { ok: true; data: T } | { ok: false; fieldErrors: Partial<Record<string, MessageKey>> };

/** One schema over an already-read form; absent fields arrive as "" so that "required" messages apply. */
export function validateFields<S extends z.ZodObject>(form: FormData, schema: S): Fields<z.infer<S>> {
  const values: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = form.get(key);
    values[key] = typeof value === "string" ? value : "";
  }
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fieldErrors: Partial<Record<string, MessageKey>> = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "");
    fieldErrors[field] ??= Object.hasOwn(zhCN, issue.message) ? (issue.message as MessageKey) : "form.invalid";
  }
  return { ok: false, fieldErrors };
}

export function intentOf(form: FormData): string {
  const intent = form.get("intent");
  return typeof intent === "string" ? intent : "";
}

/** A chosen file wins over the text box (the page empties the picker once the file's contents are in the box). */
export async function readListSource(form: FormData): Promise<{ file: Uint8Array } | { text: string }> {
  const file = form.get("file");
  if (file instanceof File && file.size > 0) return { file: new Uint8Array(await file.arrayBuffer()) };
  const text = form.get("text");
  return { text: typeof text === "string" ? text : "" };
}
