// A work's files for judging: renditions only, large, no names.
import type { BlindMedia } from "~/view-models/judging.ts";

export function BlindMediaList({ media, emptyText }: { media: BlindMedia[]; emptyText: string }) {
  if (media.length === 0) return <p className="text-lg text-slate-700">{emptyText}</p>;
  return (
    <ul className="space-y-3">
      {media.map((m) => (
        <li key={m.id}>
          {m.kind === "IMAGE" && (m.display ?? m.thumb) ? (
            <img src={m.display ?? m.thumb ?? ""} alt="" width={m.width ?? undefined} height={m.height ?? undefined} className="h-auto max-h-[80vh] w-full rounded-xl bg-stone-100 object-contain" />
          ) : null}
          {m.kind === "VIDEO" && m.video ? (
            <video src={m.video} poster={m.poster ?? undefined} controls playsInline preload="metadata" className="max-h-[80vh] w-full rounded-xl bg-black" />
          ) : null}
          {m.kind === "AUDIO" && m.audio ? <audio src={m.audio} controls preload="metadata" className="w-full" /> : null}
        </li>
      ))}
    </ul>
  );
}
