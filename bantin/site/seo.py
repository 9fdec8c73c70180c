"""What a post shows to search engines, feed readers and social networks. Plain Python."""

from __future__ import annotations

import json
from dataclasses import dataclass

from bantin.model.content import Post
from bantin.model.registry import Agency
from bantin.model.urls import rendition_uri
from bantin.site.photos.gallery import PhotoSet
from bantin.site.photos.social import SocialImage, SocialSet

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


def shared(image: SocialImage, site_url: str, alt: str) -> Picture:
    """A social image bantin drew or framed (photos/social.py), as a page's picture."""
    return Picture(site_url + image.uri, image.bytes, image.width, image.height, alt)


def page_picture(post: Post | None, agency: Agency | None, photos: PhotoSet, site_url: str, site_name: str,
                 social: SocialSet) -> Picture:
    """What a page shares: the post's photo, else its agency's emblem, else the site's image."""
    found = picture(post, photos, site_url) if post is not None else None
    if found is not None:
        return found
    if agency is not None and agency.key in social.agencies:
        return shared(social.agencies[agency.key], site_url, agency.name)
    return shared(social.default, site_url, site_name)


def news_article(post: Post, agency: Agency, url: str, image: Picture, site_name: str, site_url: str,
                 logo: Picture) -> str:
    """schema.org NewsArticle as JSON safe inside <script>: no "<", ">" or "&" left to close anything."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": post.title[:110],
        "description": post.summary,
        "image": [image.url],
        "datePublished": post.date.isoformat(),
        "dateModified": (post.updated or post.date).isoformat(),
        "inLanguage": "vi",
        "mainEntityOfPage": url,
        "url": url,
        "author": {"@type": "Person", "name": post.author} if post.author
        else {"@type": "Organization", "name": agency.name},
        "publisher": {"@type": "Organization", "name": site_name, "url": site_url,
                      "logo": {"@type": "ImageObject", "url": logo.url, "width": logo.width, "height": logo.height}},
        "articleSection": agency.short,
        "keywords": list(post.tags),
    }
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def head(post: Post | None, agency: Agency | None, photos: PhotoSet, site_url: str, site_name: str,
         social: SocialSet | None = None) -> dict:
    """The page meta theme/main.html turns into Open Graph, Twitter card and JSON-LD tags.

    `agency` is the post's, or the agency a list page belongs to. Without a site URL (no
    absolute address to give) or social images, no picture."""
    image = page_picture(post, agency, photos, site_url, site_name, social) if site_url and social else None
    pictured = {"image": image.url, "image_width": image.width, "image_height": image.height,
                "image_alt": image.alt} if image else {}
    if post is None or agency is None:
        return {"type": "website", **pictured}
    jsonld = ""
    if site_url and image and social:
        jsonld = news_article(post, agency, site_url + post.url, image, site_name, site_url,
                              shared(social.default, site_url, site_name))
    return {"type": "article", **pictured, "published": post.date.isoformat(),
            "modified": post.updated.isoformat() if post.updated else "", "tags": list(post.tags), "jsonld": jsonld}
