"""Shared test factories: model objects with every field a test does not care about filled in, and the
files a test writes (posts)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bantin.model.content import Post
from bantin.model.dates import TZ

DEFAULT_DATE = dt.datetime(2020, 1, 16, tzinfo=TZ)


def make_post(path: str = "posts/a.md", **fields) -> Post:
    """A valid, published Post; `fields` override any of its fields by name."""
    values = dict(path=path, title="Tiêu đề", date=DEFAULT_DATE, agency="a", units=(), terms=(), kind="k", tags=(),
                  author="", source="", summary="", cover=None, photos=(), draft=False, slug="a", aliases=(),
                  body="", body_line=1)
    values.update(fields)
    return Post(**values)


def write_post(root: Path, rel: str, front: str, body: str = "Nội dung.\n") -> Path:
    """The post file `root/rel`: front matter `front` (its lines without the '---') and `body`."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front.strip()}\n---\n\n{body}", encoding="utf-8")
    return path
