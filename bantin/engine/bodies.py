"""Post bodies rendered before MkDocs' page loop: in worker processes, and kept between builds.

Python-Markdown on the posts is the largest part of a build. Between the `nav` event and the
loop that reads every page, this module renders each post's Markdown exactly as MkDocs'
`Page.render` would (it calls it, with the site's extensions), and hands the plugin a `Body`
per post: the HTML, the table of contents, the anchors, and the log lines the render produced,
which are logged again when MkDocs reaches the page, so warnings, strict mode and their order
are those of a one-process build.

- **Workers.** With more than one worker the posts are rendered in forked processes
  (concurrent.futures); they inherit the configuration, the files and the plugin as they are
  at the `nav` event. When processes cannot start (no `fork` on the platform, a refusal of the
  machine) the posts are rendered in this process; a post a worker could not render is left to
  MkDocs, which reports the fault as it always does.
- **Cache.** Each body is stored in the build cache (`<cache_dir>/bodies.json.z`) with a key
  made of the page's source (its full Markdown and front matter), its URL, the site-wide inputs
  of the Markdown (mkdocs.yml, the extensions and their options, bantin's code, the versions of
  the engine and Markdown packages) and, recorded while it was rendered, every question the
  render asked of the rest of the site (does this file exist and where is it published, which
  post is at this path, what are this photo's renditions) with its answer. A body is reused
  only when its key matches and every question gets the same answer today, so adding a post
  re-renders only that post, and a deleted link target re-renders the posts linking to it.
  A post's Markdown names no other post: its onward reading (other posts' titles and dates) is
  HTML put in after conversion (site/onward.py), in the page's key (engine/reuse.py) and never
  in a body's, so a new or retitled post does not render its neighbours' bodies again.
"""

from __future__ import annotations

import codecs
import hashlib
import importlib.metadata
import json
import logging
import multiprocessing
import os
import sys
import types
import zlib
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from pathlib import Path

from bantin import __version__
from bantin.model.atomic import compressed, write_whole_parts

log = logging.getLogger(__name__)
CACHE_FILE = "bodies.json.z"
PAGES_FILE = "pages.bin"  # whole pages (engine/reuse.py: RenderCache.save)
FOR_DISK = "disk-"  # the prefix of both for the archive read from disk (use_directory_urls: false)
CACHE_FORMAT = 1
HOW = ("workers", "render_cache")  # options that change how a site is built, never what it is
PER_WORKER = 8  # fewest posts to render that are worth one more process
PACKAGES = ("mkdocs", "properdocs", "markdown", "pymdown-extensions", "mkdocs-material", "mkdocs-glightbox", "jinja2")
_BANTIN = Path(__file__).resolve().parent.parent  # the package: its code is part of every key


@dataclass
class Body:
    """What rendering one post's Markdown gave, as plain data (pickled by workers, stored as JSON)."""

    key: str  # digest of the page's inputs (see module doc)
    markdown: str  # digest of the Markdown rendered: the plugin checks it is the page's
    content: str
    toc: list  # Python-Markdown's toc tokens (MkDocs' get_toc rebuilds page.toc from them)
    title: str | None  # the title from the first heading (Page._title_from_render)
    anchors: list[str]  # ids the page has (Page.present_anchor_ids)
    links: dict[str, dict[str, str]] | None  # links to anchors, by the target's source URI
    broken: list[list[str]]  # links bantin's Markdown could not resolve (href, target)
    logs: list[list]  # [logger name, level, message] logged while rendering
    asked: list[list] = field(default_factory=list)  # [question, argument, answer] (see module doc)


@dataclass
class Stats:
    posts: int = 0
    reused: int = 0
    rendered: int = 0
    workers: int = 1  # processes that rendered (1: this one)


def worker_count(setting: int, chosen: int | None = None) -> int:
    """The number of processes to render with: `chosen` (bantin build --workers), else
    BANTIN_WORKERS, else the setting (mkdocs.yml); 0 is every core."""
    env = os.environ.get("BANTIN_WORKERS", "").strip()
    value = chosen if chosen is not None else int(env) if env.isdigit() else setting
    return value if value > 0 else (os.cpu_count() or 1)


def _plain(value: object) -> object:
    """A stable JSON form of configuration values: objects by their text, or when that names a
    place in memory, by their qualified name (functions, extensions)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(v) for v in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if value is None or isinstance(value, str | int | float | bool):
        return value
    text = str(value)
    if " at 0x" not in text and not isinstance(value, type | types.FunctionType | types.BuiltinFunctionType):
        return text
    kind = value if isinstance(value, type | types.FunctionType | types.BuiltinFunctionType) else type(value)
    return f"{getattr(kind, '__module__', '')}.{getattr(kind, '__qualname__', '')}"


def resolved_config(config) -> object:
    """Every option as this build resolved it, mkdocs.yml's !ENV values included (the file's
    bytes do not show them): part of every key. Not the output folder, which differs each build."""
    options = {k: _plain(v) for k, v in config.items() if k not in ("site_dir", "plugins", "theme")}
    options["theme"] = {k: _plain(v) for k, v in config.theme.items()} | {"custom_dir": config.theme.custom_dir}
    options["plugins"] = {name: _plain({k: v for k, v in plugin.config.items() if k not in HOW})
                          for name, plugin in config.plugins.items()}
    return options


def site_key(config) -> str:
    """The part of every body's key shared by the whole site (see module doc)."""
    h = hashlib.blake2b(digest_size=16)
    parts: list = [CACHE_FORMAT, __version__, resolved_config(config), config.use_directory_urls, str(config.validation),
                   logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG,
                   _plain(list(config.markdown_extensions)), _plain(dict(config.mdx_configs or {}))]
    for name in PACKAGES:
        try:
            parts.append([name, importlib.metadata.version(name)])
        except importlib.metadata.PackageNotFoundError:
            parts.append([name, None])
    h.update(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode())
    h.update(Path(config.config_file_path).read_bytes() if config.config_file_path else b"")
    for path in sorted(_BANTIN.rglob("*.py")):
        h.update(path.relative_to(_BANTIN).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def page_key(site: str, file, extra: object) -> str:
    h = hashlib.blake2b(site.encode(), digest_size=16)
    h.update(json.dumps([file.src_uri, file.url, file.inclusion.name, extra], ensure_ascii=False).encode())
    h.update(file.content_bytes)
    return h.hexdigest()


def markdown_digest(markdown: str) -> str:
    return hashlib.blake2b(markdown.encode(), digest_size=16).hexdigest()


class Questions:
    """What a render asks of the rest of the site, answered and noted (see module doc)."""

    def __init__(self, files, post_uri: Callable[[str], str | None], photo: Callable, virtual: dict) -> None:
        self.files, self._post_uri, self._photo, self._virtual = files, post_uri, photo, virtual
        self.asked: list[list] = []

    def answer(self, question: str, argument: str) -> object:
        """Today's answer to a question, in the form it is stored."""
        if question == "file":
            found = self.files.get_file_from_path(argument)
            return None if found is None else [found.url, found.inclusion.name]
        if question == "post":
            return self._post_uri(argument)
        if question == "photo":
            meta = self._photo(argument)
            return None if meta is None else repr((meta.sha, meta.width, meta.height, meta.renditions))
        return self._virtual.get(argument)  # "virtual"

    def still(self, asked: list[list]) -> bool:
        """Whether every recorded question gets the recorded answer today."""
        return all(self.answer(q, a) == old for q, a, old in asked)

    # What the render calls: MkDocs' link processor (files.get_file_from_path), bantin's (the rest).
    def get_file_from_path(self, path: str):
        found = self.files.get_file_from_path(path)
        self.asked.append(["file", path, None if found is None else [found.url, found.inclusion.name]])
        return found

    def post_uri(self, path: str) -> str | None:
        found = self._post_uri(path)
        self.asked.append(["post", path, found])
        return found

    def photo(self, src: str):
        found = self._photo(src)
        self.asked.append(["photo", src, self.answer("photo", src) if found is not None else None])
        return found

    def virtual(self) -> _AskedMapping:
        return _AskedMapping(self)


class _AskedMapping:
    """The `virtual` mapping of bantin's Markdown extension (only .get is used), noting each lookup."""

    def __init__(self, questions: Questions) -> None:
        self.questions = questions

    def get(self, key: str, default=None):
        found = self.questions._virtual.get(key, default)
        self.questions.asked.append(["virtual", key, found])
        return found


class _Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[list] = []
        self.last: logging.LogRecord | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if record is not self.last:  # a record passes each logger up the chain that holds this handler
            self.last = record
            self.records.append([record.name, record.levelno, record.getMessage()])


@contextmanager
def logs_kept() -> Iterator[_Keep]:
    """Every log record goes to the returned handler only (the plugin logs it again in page order):
    it stands in for the handlers of every logger that has some (the engine's does not propagate)."""
    keep = _Keep()
    loggers = [logging.getLogger()] + [lg for lg in logging.Logger.manager.loggerDict.values()
                                       if isinstance(lg, logging.Logger)]
    saved = [(lg, lg.handlers[:]) for lg in loggers if lg.handlers or not lg.propagate or lg is loggers[0]]
    for lg, _ in saved:
        lg.handlers[:] = [keep]
    try:
        yield keep
    finally:
        for lg, handlers in saved:
            lg.handlers[:] = handlers


def tokens(items) -> list:
    return [{"level": i.level, "id": i.id, "name": i.title, "children": tokens(i.children)} for i in items]


# The job the workers inherit when they fork: (render one post → Body | None, the URIs' keys).
_JOB: Callable[[str, str], Body | None] | None = None


def _run(job: Callable[[str, str], Body | None], chunk: list[tuple[str, str]]) -> list[tuple[str, Body | None]]:
    done = []
    with logs_kept() as keep:
        for uri, key in chunk:
            start = len(keep.records)
            body = job(uri, key)
            if body is not None:
                body.logs = keep.records[start:]
            done.append((uri, body))
    return done


def _render_chunk(chunk: list[tuple[str, str]]) -> list[tuple[str, Body | None]]:
    assert _JOB is not None
    return _run(_JOB, chunk)


def render(job: Callable[[str, str], Body | None], todo: list[tuple[str, str]], workers: int) -> tuple[dict, int]:
    """Bodies of `todo` ([(URI, key)]) by `job`, in `workers` processes when more than one can
    start; the bodies by URI (a post whose render failed is missing) and the processes used."""
    global _JOB
    workers = min(workers, len(todo) // PER_WORKER)  # forking costs more than a few posts
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        _JOB = job
        for stream in (sys.stdout, sys.stderr):  # else a forked worker writes what is buffered again
            if stream is not None:
                stream.flush()
        try:
            size = max(1, len(todo) // (workers * 8))
            chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                done = [pair for part in pool.map(_render_chunk, chunks) for pair in part]
            return {uri: body for uri, body in done if body is not None}, workers
        except (OSError, BrokenProcessPool, RuntimeError) as exc:
            log.info(f"Không chạy được {workers} tiến trình song song ({exc}): dựng bài trong một tiến trình.")
        finally:
            _JOB = None
    done = _run(job, todo)
    return {uri: body for uri, body in done if body is not None}, 1


class BodyCache:
    """The bodies kept between builds, in one compressed JSON file under the build cache.

    The file is `{"format": 1, "bodies": {URI: {field: value, …}, …}}` as json.dumps writes it
    (URIs sorted, fields in Body's order). A body loaded and kept unchanged is written again
    from the very JSON text it was read from: a build that adds one post encodes one body."""

    def __init__(self, folder: Path, name: str = CACHE_FILE) -> None:
        self.path = folder / name
        self.bodies: dict[str, Body] = {}
        # URI → the JSON text its loaded body was read from, as UTF-8 (half a str's room for Vietnamese)
        self._raw: dict[str, bytes] = {}
        self.refused = 0  # bodies in the file that load's `usable` refused: the file is written again

    def load(self, usable: Callable[[str, dict], bool] | None = None) -> None:
        """The bodies the file holds; with `usable`, only those it accepts, as read, before any is
        made a Body. Then a body kept with the text it was read from (written back from it) lets
        go of the questions `usable` checked: at 10,000 posts they alone are 40 MB of JSON."""
        refused = 0

        def counted(uri: str, value: dict) -> bool:
            nonlocal refused
            if usable is None or usable(uri, value):
                return True
            refused += 1
            return False

        try:
            blob = self.path.read_bytes()
            split = _split(_Stream(blob), counted)
            if split is None:  # not the layout save writes (an older bantin): read it whole, re-encode on save
                data = json.loads(zlib.decompress(blob).decode())
                if data.get("format") == CACHE_FORMAT:
                    self.bodies = {uri: Body(**fields) for uri, fields in data["bodies"].items() if counted(uri, fields)}
                    self.refused = refused
                return
            checked: dict[str, list] = {} if usable is None else {"asked": []}
            self.bodies = {uri: Body(**(value | checked)) for uri, (_, value) in split.items()}
            self._raw = {uri: raw for uri, (raw, _) in split.items()}
            self.refused = refused
        except (OSError, ValueError, TypeError, KeyError, AttributeError, zlib.error):
            self.bodies, self._raw = {}, {}  # none yet, or unreadable: every post is rendered and it is written anew

    def save(self, bodies: dict[str, Body]) -> None:
        """Keep `bodies` (this build's posts only), written whole or not at all (else OSError);
        nothing is written when they are the very bodies loaded (a build with no post changed)."""
        if self.unchanged(bodies):
            return
        write_whole_parts(self.path, compressed(self.encoded(bodies)))  # a full disk: said in Vietnamese

    def unchanged(self, bodies: dict[str, Body]) -> bool:
        """`bodies` are the very bodies loaded from the file (save writes nothing)."""
        return not self.refused and bodies.keys() == self.bodies.keys() \
            and all(bodies[uri] is self.bodies[uri] for uri in bodies) and self.path.is_file()

    def encode(self, bodies: dict[str, Body]) -> str:
        """The file's text: exactly `json.dumps({"format": …, "bodies": {uri: asdict(body)}})`
        with URIs sorted, a loaded body's JSON reused when the body is the one loaded."""
        return "".join(self.encoded(bodies))

    def encoded(self, bodies: dict[str, Body]) -> Iterator[str]:
        """`encode`'s text in parts, a body at a time (never whole in memory)."""
        yield _HEAD
        for n, (uri, body) in enumerate(sorted(bodies.items())):
            kept = self._raw.get(uri) if self.bodies.get(uri) is body else None
            if kept is not None:
                raw = kept.decode("utf-8", "surrogatepass")
            else:  # a Body's fields are JSON data already: no deep copy (dataclasses.asdict)
                raw = json.dumps({name: getattr(body, name) for name in FIELDS}, ensure_ascii=False)
            yield f"{', ' if n else ''}{json.dumps(uri, ensure_ascii=False)}: {raw}"
        yield "}}"


FIELDS = tuple(f.name for f in fields(Body))
_HEAD = f'{{"format": {CACHE_FORMAT}, "bodies": {{'
_DECODER = json.JSONDecoder()


class _Stream:
    """A file's text, inflated and decoded a part at a time as a reader asks for more (`text`
    grows at its end; the reader drops what it has read from its start): at 10,000 posts the
    whole text would be 300 MB held at once, beside everything else the build holds."""

    PART = 1 << 20  # compressed bytes fed to zlib at a time

    def __init__(self, blob: bytes) -> None:
        self.text = ""
        self._blob, self._at = memoryview(blob), 0
        self._inflate: zlib._Decompress | None = zlib.decompressobj()
        self._decode = codecs.getincrementaldecoder("utf-8")()

    def more(self) -> bool:
        """Append the next part to `text`; False at the end (zlib.error: cut short; ValueError: not UTF-8)."""
        inflate = self._inflate
        if inflate is None:
            return False
        fed = self._blob[self._at:self._at + self.PART]
        self._at += len(fed)
        part = inflate.decompress(fed)
        last = self._at >= len(self._blob)
        if last:
            part += inflate.flush()
            self._inflate = None
            if not inflate.eof:
                raise zlib.error("the file is cut short")
        self.text += self._decode.decode(part, final=last)
        return True


def _split(stream: _Stream, usable: Callable[[str, dict], bool]) -> dict[str, tuple[bytes, dict]] | None:
    """Each usable body's JSON text (as UTF-8) and value by URI in a file BodyCache.encode wrote;
    None when the text is not laid out that way (it is then read whole). Raises ValueError when
    not JSON."""
    while len(stream.text) < len(_HEAD) and stream.more():
        pass
    if not stream.text.startswith(_HEAD):
        return None
    raw: dict[str, tuple[bytes, dict]] = {}
    at = len(_HEAD)
    while True:
        found = _entry(stream, at)
        if found is None:
            return None
        if found[0] is None:
            return raw
        uri, text, value, at = found
        if usable(uri, value):
            raw[uri] = (text.encode("utf-8", "surrogatepass"), value)
        if at > _Stream.PART:  # what is read is let go
            stream.text, at = stream.text[at:], 0


def _entry(stream: _Stream, at: int) -> tuple | None:
    """The entry at `at`: (URI, its body's JSON text, its value, where the next starts), (None,)
    after the last, None when the text is not laid out as BodyCache.encode writes it. Reads more
    of `stream` while the entry runs past what is read."""
    while True:
        text = stream.text
        try:
            if text.startswith("}}", at):
                while stream.more():
                    pass
                return (None,) if at + 2 == len(stream.text) else None
            uri, end = _DECODER.raw_decode(text, at)
            if len(text) >= end + 2:
                if not isinstance(uri, str) or not text.startswith(": ", end):
                    return None
                value, stop = _DECODER.raw_decode(text, end + 2)
                if len(text) >= stop + 2:
                    if not isinstance(value, dict):
                        return None
                    if text.startswith(", ", stop):
                        return uri, text[end + 2:stop], value, stop + 2
                    return (uri, text[end + 2:stop], value, stop) if text.startswith("}}", stop) else None
        except ValueError:
            if not stream.more():
                raise
            continue
        if not stream.more():  # (the text ends inside the entry)
            return None
