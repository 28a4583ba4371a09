/** A form's answer in words: green for done, red for refused. */
export function ReplyBanner({ reply }: { reply: { ok: boolean; message: string } | null | undefined }) {
  if (!reply?.message) return null;
  return (
    <p role={reply.ok ? "status" : "alert"} className={`rounded-xl px-4 py-3 text-lg ${reply.ok ? "bg-green-50 text-green-900 ring-1 ring-green-300" : "bg-brand-50 text-brand-900 ring-1 ring-brand-100"}`}>
      {reply.message}
    </p>
  );
}
