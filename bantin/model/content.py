"""The content model: a post and the photos it uses, as frozen dataclasses.

A Post is made only by `validator` from a post's front matter and body, every field checked, so
everything after it (taxonomy, pages, feeds, search) can trust its values. Posts are read from
their files by `posts`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bantin.model.terms import Term
from bantin.model.urls import page_url, post_uri

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff"}


@dataclass(frozen=True, slots=True)
class Photo:
    """A photo referenced by a post. `src` is relative to the project root (POSIX)."""

    src: str
    caption: str = ""
    alt: str = ""
    where: str = field(default="", compare=False)  # the field naming it (photos[2].src), for errors
    line: int | None = field(default=None, compare=False)

    @property
    def alt_text(self) -> str:
        return self.alt or self.caption


@dataclass(frozen=True, slots=True)
class Post:
    path: str  # source file, relative to the project root: posts/2020/x.md
    title: str
    date: dt.datetime  # aware, Asia/Ho_Chi_Minh
    agency: str  # registry keys from here on
    units: tuple[str, ...]
    terms: tuple[Term, ...]
    kind: str
    tags: tuple[str, ...]
    author: str
    source: str
    summary: str
    cover: Photo | None
    photos: tuple[Photo, ...]
    draft: bool
    slug: str
    aliases: tuple[str, ...]
    body: str
    body_line: int  # line of the file where the body starts
    body_images: tuple[Photo, ...] = ()  # images written in the body
    slug_line: int | None = None  # the line that makes the URL: `slug:`, else `title:`
    updated: dt.datetime | None = None  # a later correction (`updated:`), never before `date`
    sapo: bool = False  # the editor wrote `summary:`; else it is the body's start, not shown twice
    featured: bool = False  # `featured: true`: the home page's lead story
    pilot: bool = False  # `pilot: true`: a pilot congress (đại hội điểm)

    @property
    def images(self) -> tuple[Photo, ...]:
        """Every photo the post uses (cover, gallery, body), in that order."""
        return ((self.cover,) if self.cover else ()) + self.photos + self.body_images

    @property
    def src_uri(self) -> str:
        """Path of the generated page in the site's virtual docs tree."""
        return post_uri(self.date, self.slug)

    @property
    def url(self) -> str:
        return page_url(self.src_uri)
