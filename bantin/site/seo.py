"""What a post shows to search engines, feed readers and social networks. Plain Python."""

from __future__ import annotations

import json
from dataclasses import dataclass

from bantin.model.content import Post
from bantin.model.registry import Agency
from bantin.model.urls import rendition_uri
from bantin.site.photos.gallery import PhotoSet

SOCIAL_WIDTH = 1280  # the rendition shared on social networks and in feeds


@dataclass(frozen=True)
class Picture:
    url: str  # absolute
    bytes: int
    width: int
    height: int
    alt: str


def picture(post: Post, photos: PhotoSet, site_url: str) -> Picture | None:
    """The post's cover (or first photo) as its social/feed picture: a JPEG about 1,200 px wide."""
    photo = post.cover or (post.photos[0] if post.photos else None)
    meta = photos.meta.get(photo.src) if photo else None
    if photo is None or meta is None:
        return None
    rendition = meta.fallback(SOCIAL_WIDTH)
    return Picture(site_url + rendition_uri(photo.src, rendition), rendition.bytes, rendition.width,
                   rendition.height, photo.alt_text or post.title)


def news_article(post: Post, agency: Agency, url: str, image: Picture | None, site_name: str, site_url: str) -> str:
    """schema.org NewsArticle as JSON safe inside <script>: no "<", ">" or "&" left to close anything."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": post.title[:110],
        "description": post.summary,
        "datePublished": post.date.isoformat(),
        "dateModified": post.date.isoformat(),
        "inLanguage": "vi",
        "mainEntityOfPage": url,
        "url": url,
        "author": {"@type": "Person", "name": post.author} if post.author
        else {"@type": "Organization", "name": agency.name},
        "publisher": {"@type": "Organization", "name": site_name, "url": site_url},
        "articleSection": agency.short,
        "keywords": list(post.tags),
    }
    if image:
        data["image"] = [image.url]
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def head(post: Post | None, agency: Agency | None, photos: PhotoSet, site_url: str, site_name: str) -> dict:
    """The page meta theme/main.html turns into Open Graph, Twitter card and JSON-LD tags."""
    if post is None or agency is None:
        return {"type": "website"}
    image = picture(post, photos, site_url) if site_url else None
    return {
        "type": "article",
        "image": image.url if image else "",
        "image_width": image.width if image else 0,
        "image_height": image.height if image else 0,
        "image_alt": image.alt if image else "",
        "published": post.date.isoformat(),
        "tags": list(post.tags),
        "jsonld": news_article(post, agency, site_url + post.url, image, site_name, site_url) if site_url else "",
    }
