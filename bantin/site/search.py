"""A project's search: its index built from the published posts (cached between builds), and
the reader's script with the site's URL scheme.

Plain Python, no MkDocs. The index's format is site/search_index.py; the browser's side is
assets/search.js.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from bantin.model import urls
from bantin.site import ASSETS, search_index
from bantin.site.search_index import VERSION, Facets, Record, build

_URLS = re.compile(r"/\*urls\*/.*?/\*urls\*/")

Thumb = Callable[[Any], str]  # a post → its result thumbnail's URL from the site root, or ""


def no_thumb(post: Any) -> str:
    return ""


def thumbnails(photo: Callable[[str], Any]) -> Thumb:
    """The thumbnail of a post's search result, as its card chooses it (its cover, or else its first
    photo): the smallest WebP rendition already published (or JPEG), "" without a processed photo.

    `photo` gives a photo's ImageMeta by its source path (None for one not processed)."""

    def thumb(post: Any) -> str:
        shown = post.cover or (post.photos[0] if post.photos else None)
        meta = photo(shown.src) if shown is not None else None
        if shown is None or meta is None:
            return ""
        smallest = (meta.of("webp") or meta.of("jpeg") or [None])[0]
        return urls.rendition_uri(shown.src, smallest) if smallest else ""

    return thumb


def script(directory_urls: bool = True) -> str:
    """assets/search.js with the site's URL scheme (model/urls.py: browser()) written into it."""
    source = (ASSETS / "search.js").read_text(encoding="utf-8")
    scheme = "/*urls*/" + json.dumps(urls.browser(directory_urls), ensure_ascii=False) + "/*urls*/"
    written, count = _URLS.subn(lambda _: scheme, source, count=1)
    assert count == 1, "search.js lost its /*urls*/ marker"
    return written


# A JSON literal inside a <script> file: `<` (as in "</script>") and the two line separators
# JavaScript once refused in strings are written as escapes, which JSON reads as the same text.
_SCRIPT_UNSAFE = {"<": "\\u003c", "\u2028": "\\u2028", "\u2029": "\\u2029"}
WRAPPER = ".js"


def _script_safe(json_text: str) -> str:
    return re.sub("[<\u2028\u2029]", lambda m: _SCRIPT_UNSAFE[m.group()], json_text)


def wrapper(name: str, data: bytes) -> str:
    """The script that hands one index file to search.js from disk (file://), where fetch() may
    not read files but <script src> may: `window.bantinIndex("<name>", <content>);` where the
    content is the parsed JSON of a `.json` file and the base64 of any other file."""
    if name.endswith(".json"):
        text = json.dumps(json.loads(data.decode("utf-8")), ensure_ascii=False, separators=(",", ":"),
                          allow_nan=False)
        content = _script_safe(text)
    else:
        content = '"' + base64.b64encode(data).decode("ascii") + '"'
    return f"window.bantinIndex({_script_safe(json.dumps(name))},{content});\n"


def wrap_for_disk(folder: Path) -> int:
    """Replace every file of an index folder, whatever its name or format, by its wrapper
    script (`s/3.bin` → `s/3.bin.js`), for the archive read from disk; returns how many.
    The originals go: nothing reads them from disk (search.js of an archive reads the scripts
    even when served), and kept they would add ~90 % of the wrappers' deflated size to the zip
    (BENCHMARKS.md: Search in the offline archive)."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    for path in files:
        name = path.relative_to(folder).as_posix()
        path.with_name(path.name + WRAPPER).write_text(wrapper(name, path.read_bytes()), encoding="utf-8",
                                                       newline="\n")
        path.unlink()
    return len(files)


def project_digest(project, thumb: Thumb = no_thumb) -> str:
    """A digest of everything `build_project` reads: equal digests give the same index."""
    h = hashlib.blake2b(digest_size=16)
    registry, index = project.registry, project.index
    h.update(repr((VERSION, Path(search_index.__file__).stat().st_mtime_ns, Path(__file__).stat().st_mtime_ns,
                   [(a.key, a.name, a.short, a.aliases, [(u.key, u.name, u.aliases) for u in a.units])
                    for a in registry.agencies.values()],
                   [(k.key, k.name, k.aliases) for k in registry.kinds.values()])).encode())
    for post in index.posts:
        h.update(repr((post.url, post.title, post.summary, post.date.isoformat(), post.agency, post.kind,
                       post.units, [str(t) for t in post.terms], post.draft, thumb(post))).encode())
        h.update(post.body.encode())
    return h.hexdigest()


def build_cached(project, out: Path, cache: Path, thumb: Thumb = no_thumb) -> bool:
    """`build_project` through a cache folder holding the last index built; True if reused.

    Safe beside other bantin processes: each builds into a staging folder of its own, an index
    enters the cache by one rename (the first of two equal ones wins), and it is built and
    copied under a shared lock; other indexes are removed only when no other process holds it.
    """
    import os

    from bantin.site.locks import FolderLock

    key = project_digest(project, thumb)
    kept = cache / key
    cache.mkdir(parents=True, exist_ok=True)
    # Beside the folder, not in it: the folder holds only indexes (and staging folders).
    lock = FolderLock(cache.with_name(cache.name + ".lock"),
                      "Đang chờ một lần xây dựng khác dùng chung bộ nhớ đệm tìm kiếm…")
    try:
        lock.shared()
        reused = kept.is_dir()
        if not reused:
            staging = cache / f".{key}-{os.getpid()}-{os.urandom(6).hex()}.tmp"
            staging.mkdir()  # not mkdtemp: copied into the site, it must be as readable as the site
            try:
                build_project(project, staging, thumb)
                try:
                    os.rename(staging, kept)
                except OSError:
                    if not kept.is_dir():
                        raise
            finally:
                shutil.rmtree(staging, ignore_errors=True)
        shutil.copytree(kept, out)
        if not reused and lock.exclusive(wait=False):  # nobody else is building or copying
            for other in cache.iterdir():
                if other.name != key:
                    if other.is_dir():
                        shutil.rmtree(other, ignore_errors=True)
                    else:
                        try:
                            other.unlink()
                        except OSError:
                            pass
    finally:
        lock.close()
    return reused


def build_project(project, out: Path, thumb: Thumb = no_thumb) -> dict:
    """The index of a project's published posts, with its registry's facets, into `out`."""
    from bantin.model.text import markdown_text, sort_key

    registry, index = project.registry, project.index
    facets = Facets(
        agencies=[(a.key, a.short) for a in registry.sorted_agencies()],
        kinds=[(k.key, k.name) for k in sorted(registry.kinds.values(), key=lambda k: sort_key(k.name))],
        terms=[str(t) for t in sorted(index.by_term, reverse=True)],
        agency_names={a.key: names_of(a) for a in registry.agencies.values()},
        kind_names={k.key: names_of(k) for k in registry.kinds.values()},
    )
    return build(records_from(index.posts, registry, markdown_text, thumb), facets, out)


def names_of(entry) -> tuple[str, ...]:
    """Every name a reader may search a registry entry by: its key, name, short name, aliases."""
    return (entry.key, entry.name, getattr(entry, "short", ""), *entry.aliases)


def records_from(posts: Iterable, registry, to_text, thumb: Thumb = no_thumb) -> list[Record]:
    """Search records for published, non-draft posts, in the order given (newest first)."""
    records = []
    for post in posts:
        if post.draft:
            continue  # a draft shown by `serve --drafts` is never indexed
        names: tuple[str, ...] = ()
        if registry is not None:
            agency, kind = registry.agencies.get(post.agency), registry.kinds.get(post.kind)
            units = [agency.unit(key) for key in post.units] if agency else []
            names = (*(names_of(agency) if agency else ()), *(names_of(kind) if kind else ()),
                     *(n for unit in units if unit for n in (unit.key, unit.name, *unit.aliases)))
        records.append(Record(
            url=post.url, title=post.title, summary=post.summary, body=to_text(post.body),
            date=post.date.date().isoformat(), agency=post.agency, kind=post.kind, year=post.date.year,
            terms=tuple(str(t) for t in post.terms), names=names, thumb=thumb(post),
        ))
    return records
