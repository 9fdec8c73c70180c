"""A project's search: its index built from the published posts (cached between builds, and
each post's analysis too, so a build after an edit analyses only that post), and the reader's
script with the site's URL scheme.

Plain Python, no MkDocs. The index's format is site/search_index.py; the browser's side is
assets/search.js.
"""

from __future__ import annotations

import base64
import hashlib
import json
import marshal
import multiprocessing
import os
import re
import shutil
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from bantin.model import urls
from bantin.model.atomic import write_whole
from bantin.site import ASSETS, search_index
from bantin.site.search_index import VERSION, Facets, Record, assemble

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


def build_cached(project, out: Path, cache: Path, thumb: Thumb = no_thumb, workers: int = 1) -> bool:
    """`build_project` through a cache folder holding the last index built; True if reused.

    The folder also keeps every post's analysis (`ANALYSES`): when the index must be made again
    (a post added, edited or deleted), only the posts changed are analysed, in `workers`
    processes when there are many, and the index is assembled from all the analyses.

    Safe beside other bantin processes: each builds into a staging folder of its own, an index
    enters the cache by one rename (the first of two equal ones wins), and it is built and
    copied under a shared lock; other indexes are removed only when no other process holds it.
    The analyses are replaced whole by one rename, also under the shared lock (the last of two
    builds wins; each file holds one build's posts, and any post missing from it is analysed).
    """
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
                build_project(project, staging, thumb, cache=cache, workers=workers)
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
                if other.name not in (key, ANALYSES):
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


def build_project(project, out: Path, thumb: Thumb = no_thumb, cache: Path | None = None,
                  workers: int = 1) -> dict:
    """The index of a project's published posts, with its registry's facets, into `out`.

    With `cache`, each post's analysis is kept there between builds (`Analyses`): only the
    posts added or edited since are analysed again, and the index is assembled from all."""
    from bantin.model.text import sort_key

    registry, index = project.registry, project.index
    facets = Facets(
        agencies=[(a.key, a.short) for a in registry.sorted_agencies()],
        kinds=[(k.key, k.name) for k in sorted(registry.kinds.values(), key=lambda k: sort_key(k.name))],
        terms=[str(t) for t in sorted(index.by_term, reverse=True)],
        agency_names={a.key: names_of(a) for a in registry.agencies.values()},
        kind_names={k.key: names_of(k) for k in registry.kinds.values()},
    )
    posts = [post for post in index.posts if not post.draft]  # a draft shown by `serve --drafts` is never indexed
    records = records_from(posts, registry, _no_text, thumb)
    store = Analyses(cache / ANALYSES if cache is not None else None)
    kept = store.load()
    keys = [analysis_key(post) for post in posts]
    analysed = _analyse([(key, post) for key, post in zip(keys, posts, strict=True) if key not in kept], workers)
    changed = bool(analysed)
    kept.update(analysed)
    current = {key: kept[key] for key in keys}
    del kept, analysed  # this build's posts only: the file does not grow with deleted or edited posts
    if store.path is not None and (changed or len(current) != store.loaded):
        store.save(current)
    lengths = [current[key][0] for key in keys]
    blobs: list[bytes | None] = [current[key][1] for key in keys]
    del current
    return assemble(records, lengths, _unpacked(blobs), facets, out)


def _unpacked(blobs: list[bytes | None]) -> Iterator[search_index.Analysis]:
    """The analyses in order, each let go once read: at 10,000 posts they are ~100 MB."""
    for i, blob in enumerate(blobs):
        assert blob is not None
        blobs[i] = None
        yield marshal.loads(zlib.decompress(blob))


def _no_text(body: str) -> str:
    return ""  # the analyses hold what the index needs of a body


ANALYSES = "posts.analyses"  # in the search cache, beside the indexes: every post's analysis
_FORMAT = f"bantin-search-analyses {search_index.VERSION} {sys.implementation.cache_tag} {marshal.version} {sys.byteorder}"


def analysis_key(post) -> bytes:
    """What a post's analysis depends on: its title, summary and Markdown body (and the code,
    in the cache's header)."""
    h = hashlib.blake2b(digest_size=16)
    for text in (post.title, post.summary, post.body):
        data = text.encode("utf-8", "surrogatepass")
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()


def _analysed(post) -> tuple[int, bytes]:
    from bantin.model.text import markdown_text

    analysis = search_index.analyse(post.title, post.summary, markdown_text(post.body))
    return analysis[0], zlib.compress(marshal.dumps(analysis), 1)


_TODO: list = []  # the posts a forked worker analyses (by index): inherited, not sent
PER_WORKER = 64  # fewest posts to analyse that are worth one more process


def _analyse_part(part: range) -> list[tuple[int, bytes]]:
    return [_analysed(_TODO[i]) for i in part]


def _analyse(todo: list[tuple[bytes, Any]], workers: int = 1) -> dict[bytes, tuple[int, bytes]]:
    """The analyses of `todo` ([(key, post)]): (length, compressed analysis) by key; in
    `workers` forked processes when there are enough posts and processes can start (a cold
    build: each post is independent, and what comes back is small)."""
    global _TODO
    workers = min(workers, len(todo) // PER_WORKER)
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        _TODO = [post for _, post in todo]
        for stream in (sys.stdout, sys.stderr):  # else a forked worker writes what is buffered again
            if stream is not None:
                stream.flush()
        try:
            size = -(-len(todo) // (workers * 4))
            parts = [range(i, min(i + size, len(todo))) for i in range(0, len(todo), size)]
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                done = [one for part in pool.map(_analyse_part, parts) for one in part]
            return {key: one for (key, _), one in zip(todo, done, strict=True)}
        except (OSError, BrokenProcessPool, RuntimeError):
            pass  # processes cannot start here: analysed in this one, as with one worker
        finally:
            _TODO = []
    return {key: _analysed(post) for key, post in todo}


def _code_digest() -> str:
    """bantin's code that makes an analysis: a change to it sets every kept analysis aside."""
    from bantin.model import text

    h = hashlib.blake2b(digest_size=16)
    for module in (search_index, text):
        h.update(Path(module.__file__ or "").read_bytes())
    return h.hexdigest()


class Analyses:
    """The posts' analyses kept between builds: one file, (length, compressed analysis) by the
    post's `analysis_key`, under a header naming the format and the code that made them."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.loaded = 0

    def header(self) -> str:
        return f"{_FORMAT} {_code_digest()}"

    def load(self) -> dict[bytes, tuple[int, bytes]]:
        if self.path is None:
            return {}
        try:
            header, analyses = marshal.loads(self.path.read_bytes())
            if header != self.header() or not isinstance(analyses, dict):
                return {}
        except (OSError, ValueError, EOFError, TypeError):
            return {}  # none yet, or unreadable: every post is analysed and it is written anew
        self.loaded = len(analyses)
        return analyses

    def save(self, analyses: dict[bytes, tuple[int, bytes]]) -> None:
        """Keep `analyses` (this build's posts only), written whole or not at all (else OSError)."""
        assert self.path is not None
        write_whole(self.path, marshal.dumps((self.header(), analyses)))  # a full disk: said in Vietnamese


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
