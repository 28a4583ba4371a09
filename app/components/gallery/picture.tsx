import type { PublicPicture } from "~/view-models/gallery.ts";

/** WebP srcset with a JPEG fallback; width and height set so nothing jumps while it loads. */
export function Picture({ picture, alt, sizes, eager = false, className = "" }: { picture: PublicPicture; alt: string; sizes: string; eager?: boolean; className?: string }) {
  const set = (list: { src: string; width: number }[]) => list.map((p) => `${p.src} ${p.width}w`).join(", ");
  return (
    <picture>
      {picture.webp.length ? <source type="image/webp" srcSet={set(picture.webp)} sizes={sizes} /> : null}
      <img
        src={picture.fallback}
        srcSet={set(picture.jpeg)}
        sizes={sizes}
        width={picture.width}
        height={picture.height}
        alt={alt}
        loading={eager ? "eager" : "lazy"}
        decoding="async"
        className={`h-auto w-full bg-slate-100 ${className}`}
      />
    </picture>
  );
}
