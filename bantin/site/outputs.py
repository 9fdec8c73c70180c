"""One owner for every path a build writes. Plain Python.

Editors choose some output paths (old addresses in `aliases:`, photo file names); bantin,
MkDocs and the theme write others (feeds, the sitemap, assets, the search index, 404.html).
Two writers at one path would silently replace one file with the other, and a file where
another writer needs a folder (an alias `feed.xml` → `feed.xml/index.html`) would stop the
build half-way. Every such clash is found before anything is written, as an error naming both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bantin.model.content import Post
from bantin.model.errors import ContentError
from bantin.model.urls import EDITOR, SITEMAP
from bantin.site.redirects import alias_url


@dataclass(frozen=True)
class Writer:
    """Who writes a path: `label` as an editor reads it, and the file that makes it be written:
    a post or photo an editor chose the path with (`editor`), a hand-written file of the site
    (docs/), or None for bantin's, MkDocs' and the theme's own outputs."""

    label: str
    file: str | None = None
    editor: bool = False
    docs: bool = False  # a hand-written file of the site: bound by reserved files, not by assets/
    field: str | None = None
    line: int | None = None
    fix: str = "đổi hoặc xoá đường dẫn này: địa chỉ đó đã có nội dung khác"


def clashes(writes: Iterable[tuple[str, Writer]], reserved: dict[str, Writer]) -> list[ContentError]:
    """Errors for paths written twice, files standing where a folder is needed, and editors'
    writes into `reserved` places (a key ending in '/' reserves a whole folder).

    Linear in the number of writes (each path's folders are looked up, not every other path)."""
    owner: dict[str, Writer] = {}
    errors: list[ContentError] = []
    seen: set[tuple] = set()

    def clash(path: str, a: Writer, b: Writer) -> None:
        ours, theirs = (a, b) if (a.editor, a.file is not None) >= (b.editor, b.file is not None) else (b, a)
        key = (path, ours)  # one error for each write an editor chose
        if key in seen or ours == theirs:
            return
        seen.add(key)
        if ours.file is None:  # two of bantin's own outputs: a bug, said plainly
            errors.append(ContentError("mkdocs.yml", None, None, f"'{path}' được ghi hai lần: {a.label} và {b.label}",
                                       "báo lỗi này cho người phát triển bantin"))
            return
        errors.append(ContentError(ours.file, ours.line, ours.field,
                                   f"{ours.label} trùng địa chỉ '/{path.removesuffix('index.html')}' với {theirs.label}", ours.fix))

    def binds(writer: Writer, key: str) -> bool:
        # A site's own docs/ may add to assets/ (extra.css is how Material sites are styled).
        return writer.editor or (writer.docs and not key.startswith("assets/"))

    items = list(writes)
    for path, writer in items:
        first = owner.setdefault(path, writer)
        if first is not writer:
            clash(path, writer, first)
    for path, writer in items:
        parts = path.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder in owner:  # a file stands where this path needs a folder
                clash(path, writer, owner[folder])
            key = folder + "/" if folder + "/" in reserved else folder
            if key in reserved and binds(writer, key):
                clash(path, writer, reserved[key])
        if path in reserved and binds(writer, path):
            clash(path, writer, reserved[path])
    return errors




def redirect_writer(url: str, post: Post, lock_name: str) -> Writer:
    """Who asked for the redirect page at `url`: an alias of `post`, or its recorded old address."""
    alias = next((a for a in post.aliases if alias_url(a) == url), None)
    return Writer(f"đường dẫn cũ '{alias}'" if alias else f"địa chỉ cũ '/{url}' (ghi trong {lock_name})",
                  file=post.path, editor=True, field="aliases" if alias else None)


def reserved(static_templates, *, search: str | None) -> dict[str, Writer]:
    """Places the engine, the theme and the search index write besides the files of a build:
    the theme's static pages, its assets/, and the search index's folder (`search`)."""
    places = {name: Writer(f"tệp '{name}' do MkDocs tạo")
              for name in [*static_templates, SITEMAP, SITEMAP + ".gz"]}
    places["assets/"] = Writer("thư mục 'assets/' của giao diện")
    places[EDITOR] = Writer(f"trình soạn thảo web '/{EDITOR}'")
    if search:
        places[search.rstrip("/") + "/"] = Writer("chỉ mục tìm kiếm")
    return places
