// Share meta tags: Open Graph (Weibo, QQ, most apps) plus the itemprop tags
// WeChat's in-app browser reads when a page is shared without the JS-SDK.
// Never a child's full name: titles carry the masked name at most.
import type { MetaDescriptor } from "@remix-run/react";

export function shareMeta(input: { title: string; description: string; image: string | null; url: string | null; siteName: string }): MetaDescriptor[] {
  const tags: MetaDescriptor[] = [
    { title: `${input.title} · ${input.siteName}` },
    { name: "description", content: input.description },
    { property: "og:type", content: "article" },
    { property: "og:site_name", content: input.siteName },
    { property: "og:title", content: input.title },
    { property: "og:description", content: input.description },
    { itemProp: "name", content: input.title },
    { itemProp: "description", content: input.description },
  ];
  if (input.url) tags.push({ property: "og:url", content: input.url });
  if (input.image) tags.push({ property: "og:image", content: input.image }, { itemProp: "image", content: input.image }, { name: "twitter:card", content: "summary_large_image" });
  return tags;
}
