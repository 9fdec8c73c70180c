"""Parsed posts kept between loads: in memory between `serve` rebuilds, in a file between builds.

A post is taken from the cache only when everything its parse read is as it was when it was kept:

- **its file's bytes**, by a blake2b digest (a fresh checkout gives every file a new mtime, so the
  time is never trusted alone); a file whose size, mtime, ctime and inode are those seen when its
  bytes were digested is not read again, unless it was written within `RACY` of being read (a
  write in the same clock tick would leave all four as they were);
- **the context**, shared by every post: the registry (the `Registry` load_registry made, by its
  repr, and the bytes of registry.yml), the options the parse reads (posts, images and registry
  paths, embeds), bantin's version and the code of this package, Python's Unicode database (NFC),
  the versions of PyYAML and Markdown (the front matter's and the body's parsers), the time
  zone's rules (dates written with another offset are converted to Asia/Ho_Chi_Minh), and
  `FORMAT`;
- **its photos**: of a photo, validation reads only whether its path, resolved through symbolic
  links, is a file inside the project (photos.py: `_resolve`), never its bytes or size. Every photo
  of a kept post passed, so each is asked again the same question (`photos_hold`). A photo that
  appears can change only a post that named it missing: that post had an error, and posts with a
  problem (error or warning) are never kept, so they are read, and said, every time.

Whether a post is dated in the future is decided by load_project after this, never kept.

On disk it is compressed JSON, `posts.json.z` in the build cache (never pickle: the cache folder
may be restored from a CI cache someone else wrote): data only, rebuilt into `Post`, `Photo` and
`Term` field by field with every type checked; a file that does not read back whole (damaged,
truncated, another format) is an empty cache, written anew by the next successful load.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
import json
import os
import stat
import sys
import time
import unicodedata
import zlib
import zoneinfo
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

from bantin import __version__
from bantin.model.atomic import json_z, write_whole_parts
from bantin.model.content import Photo, Post
from bantin.model.dates import TZ
from bantin.model.posts import MAX_BYTES
from bantin.model.terms import Term

FORMAT = 1
CACHE_FILE = "posts.json.z"
RACY = 2_000_000_000  # ns: a file written this close to being read is digested again next time
_MODEL = Path(__file__).resolve().parent  # the code of the parse: part of the context
_PARSERS = ("PyYAML", "Markdown")

Stamp = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode


@dataclass
class Entry:
    digest: str  # blake2b of the file's bytes
    stamp: Stamp | None  # the file as seen when they were read (None: written too recently to trust)
    post: Post


class PostCache:
    """Posts by path relative to the root, valid for one context (see module doc)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path  # the file it is kept in between builds (None: memory only)
        self.context = ""
        self.entries: dict[str, Entry] = {}
        self.changed = False  # entries differ from what the file holds
        self.reused = self.read = 0  # posts taken from the cache / parsed, in the last load
        self._seen: set[str] = set()
        self._photos: dict[str, bool] = {}  # this load's answers: photo src → still a file in the project
        self._dirs: dict[str, str] = {}  # folder → its real path

    # Between builds ---------------------------------------------------------------------------

    def load(self) -> None:
        """Take what the file holds; a missing, damaged or older file is an empty cache."""
        self.entries, self.context, self.changed = {}, "", True
        if self.path is None:
            return
        try:
            data = json.loads(zlib.decompress(self.path.read_bytes()))
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                return
            context, stored = data["context"], data["posts"]
            if not isinstance(context, str) or not isinstance(stored, dict):
                return
            entries = {rel: _entry(rel, value) for rel, value in stored.items()}
        except (OSError, ValueError, TypeError, KeyError, AttributeError, IndexError, zlib.error,
                RecursionError):
            return
        self.entries, self.context, self.changed = entries, context, False

    def save(self) -> None:
        """Write the posts of the last load whole, or not at all (else OSError), when they differ
        from what the file holds."""
        if self.path is None or not self.changed:
            return
        data = {"format": FORMAT, "context": self.context,
                "posts": {rel: [e.digest, list(e.stamp) if e.stamp else None, stored]
                          for rel, e in sorted(self.entries.items()) if (stored := _stored(e.post)) is not None}}
        write_whole_parts(self.path, json_z(data, separators=(",", ":")))  # a full disk: the build stops, said in Vietnamese
        self.changed = False

    # One load ---------------------------------------------------------------------------------

    def begin(self, context: str) -> None:
        """Start a load in `context`: another context makes every kept post stale."""
        if context != self.context:
            self.entries, self.context, self.changed = {}, context, True
        self._seen, self.reused, self.read, self._photos, self._dirs = set(), 0, 0, {}, {}

    def lookup(self, path: Path, rel: str, root: Path) -> tuple[Post | None, bytes | None, Stamp | None]:
        """The kept post of the file at `path` if still valid, else the file's bytes to parse
        (None when it cannot be read: the parse says why) and what it was seen as."""
        self._seen.add(rel)
        try:
            st = os.stat(path)
        except OSError:
            return None, None, None
        if st.st_size > MAX_BYTES:  # refused unread: the parse says why
            return None, None, None
        seen = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        entry = self.entries.get(rel)
        if entry is not None and entry.stamp == seen and self.photos_hold(entry.post, root):
            self.reused += 1
            return entry.post, None, None
        try:
            with open(path, "rb") as file:
                raw = file.read()
        except OSError:
            return None, None, None
        if entry is not None and entry.digest == _digest(raw) and self.photos_hold(entry.post, root):
            entry.stamp, self.changed = _trusted(seen), True
            self.reused += 1
            return entry.post, None, None
        return None, raw, seen

    def keep(self, rel: str, raw: bytes, seen: Stamp | None, post: Post) -> None:
        """A post parsed from `raw` without any problem."""
        self.read += 1
        self.entries[rel] = Entry(_digest(raw), _trusted(seen), post)
        self.changed = True

    def forget(self, rel: str) -> None:
        """A post read again and found with problems: never kept (see module doc)."""
        self.read += 1
        if self.entries.pop(rel, None) is not None:
            self.changed = True

    def end(self) -> None:
        """Drop the posts no longer in the project."""
        gone = self.entries.keys() - self._seen
        for rel in gone:
            del self.entries[rel]
        self.changed |= bool(gone)

    def photos_hold(self, post: Post, root: Path) -> bool:
        """Whether every photo of `post` is still a file inside the project, as `_resolve` asks."""
        for photo in post.images:
            ok = self._photos.get(photo.src)
            if ok is None:
                ok = self._photos[photo.src] = self._is_photo(root, photo.src)
            if not ok:
                return False
        return True

    def _is_photo(self, root: Path, src: str) -> bool:
        # (root / src).resolve() inside root.resolve() and a file (photos.py: _resolve), with one
        # lstat per folder and per photo: a folder's real path is its parent's plus its name
        # unless it is a link. `src` is normalised (no '.', '..' or empty parts).
        folder, _, name = src.rpartition("/")
        target = os.path.join(self._real(root, folder), name)
        try:
            mode = os.lstat(target).st_mode
        except OSError:
            return False
        if stat.S_ISLNK(mode):  # the photo itself a link: resolve it whole, as _resolve does
            target = os.path.realpath(target)
            try:
                mode = os.stat(target).st_mode
            except OSError:
                return False
        inside = self._real(root, "")
        return stat.S_ISREG(mode) and target.startswith(inside.rstrip(os.sep) + os.sep)

    def _real(self, root: Path, folder: str) -> str:
        """The real path of `folder` (relative to `root`, POSIX; "" is the root)."""
        real = self._dirs.get(folder)
        if real is None:
            if not folder:
                real = os.path.realpath(root)
            else:
                parent, _, name = folder.rpartition("/")
                path = os.path.join(self._real(root, parent), name)
                try:
                    link = stat.S_ISLNK(os.lstat(path).st_mode)
                except OSError:
                    link = False  # missing: resolving leaves the rest of the path as written
                real = os.path.realpath(path) if link else path
            self._dirs[folder] = real
        return real


def _stored(post: Post) -> list | None:
    try:
        return to_json(post)
    except _Bad:  # nothing the parse makes: left out, read again next time
        return None


def _trusted(seen: Stamp | None) -> Stamp | None:
    if seen is None or time.time_ns() - max(seen[1], seen[2]) < RACY:
        return None
    return seen


def _digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def context(registry_text: bytes, registry: object, options: dict) -> str:
    """The key every kept post shares (see module doc); `options` are those the parse reads."""
    h = hashlib.blake2b(digest_size=16)
    h.update(json.dumps([FORMAT, _code(), options], ensure_ascii=False, sort_keys=True).encode())
    h.update(hashlib.blake2b(registry_text).digest())
    h.update(repr(registry).encode())
    return h.hexdigest()


@lru_cache(maxsize=1)
def _code() -> list:
    """bantin's version and the code of the parse, Python's Unicode tables, the parsers' versions."""
    h = hashlib.blake2b(digest_size=16)
    for path in sorted(_MODEL.glob("*.py")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    versions: list[list] = []
    for name in _PARSERS:
        try:
            versions.append([name, importlib.metadata.version(name)])
        except importlib.metadata.PackageNotFoundError:
            versions.append([name, None])
    return [__version__, h.hexdigest(), unicodedata.unidata_version, list(sys.version_info[:2]), versions, _zone()]


def _zone() -> str:
    """The rules of Asia/Ho_Chi_Minh the dates were converted with: the system's file, else tzdata's."""
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / str(TZ.key)
        if path.is_file():
            return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
    try:
        return "tzdata " + importlib.metadata.version("tzdata")
    except importlib.metadata.PackageNotFoundError:
        return ""


# Post ⇄ JSON ------------------------------------------------------------------------------------
# Every field of Post by kind; a field added to Post and not here fails tests/test_posts_cache.py.

_STR, _INT, _OPT_INT, _BOOL, _DATE, _OPT_DATE, _STRS, _TERMS, _PHOTO, _PHOTOS = range(10)
POST_FIELDS = {
    "path": _STR, "title": _STR, "date": _DATE, "agency": _STR, "units": _STRS, "terms": _TERMS, "kind": _STR,
    "tags": _STRS, "author": _STR, "source": _STR, "summary": _STR, "cover": _PHOTO, "photos": _PHOTOS,
    "draft": _BOOL, "slug": _STR, "aliases": _STRS, "body": _STR, "body_line": _INT, "body_images": _PHOTOS,
    "slug_line": _OPT_INT, "updated": _OPT_DATE, "sapo": _BOOL, "featured": _BOOL, "pilot": _BOOL,
}
_ORDER = tuple(f.name for f in fields(Post))


class _Bad(ValueError):
    """A stored value that is not what the field holds: the cache file is not trusted."""


def to_json(post: Post) -> list:
    """A post as JSON data, in the order of Post's fields."""
    return [_out(POST_FIELDS[name], getattr(post, name)) for name in _ORDER]


def from_json(data: object) -> Post:
    """The Post `to_json` gave `data` for; _Bad (a ValueError) when `data` is anything else."""
    if not isinstance(data, list) or len(data) != len(_ORDER):
        raise _Bad("post")
    values: dict = {name: read(value) for name, read, value in zip(_ORDER, _READ, data, strict=True)}
    return Post(**values)


def _out(kind: int, value: object) -> object:
    if kind in (_DATE, _OPT_DATE):
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        if value.tzinfo is not TZ:
            raise _Bad("date")  # never made by the parse: not kept
        return [value.replace(tzinfo=None).isoformat(), value.fold]
    if kind == _TERMS:
        return [[term.start, term.end] for term in value]  # type: ignore[attr-defined]
    if kind == _PHOTO:
        return None if value is None else _photo_out(value)  # type: ignore[arg-type]
    if kind == _PHOTOS:
        return [_photo_out(photo) for photo in value]  # type: ignore[attr-defined]
    if kind == _STRS:
        return list(value)  # type: ignore[call-overload]
    return value


def _photo_out(photo: Photo) -> list:
    return [photo.src, photo.caption, photo.alt, photo.where, photo.line]


def _str(value: object) -> str:
    if type(value) is not str:
        raise _Bad("str")
    return value


def _int(value: object) -> int:
    if type(value) is not int:
        raise _Bad("int")
    return value


def _bool(value: object) -> bool:
    if type(value) is not bool:
        raise _Bad("bool")
    return value


def _date(value: object) -> dt.datetime:
    if type(value) is not list or len(value) != 2 or value[1] not in (0, 1) or type(value[1]) is not int:
        raise _Bad("date")
    moment = dt.datetime.fromisoformat(_str(value[0]))
    if moment.tzinfo is not None:
        raise _Bad("date")
    return moment.replace(tzinfo=TZ, fold=value[1])


def _list(value: object) -> list:
    if type(value) is not list:
        raise _Bad("list")
    return value


def _strs(value: object) -> tuple[str, ...]:
    return tuple(_str(item) for item in _list(value))


def _term(value: object) -> Term:
    pair = _list(value)
    if len(pair) != 2:
        raise _Bad("term")
    return Term(_int(pair[0]), _int(pair[1]))


def _photo(value: object) -> Photo:
    items = _list(value)
    if len(items) != 5:
        raise _Bad("photo")
    src, caption, alt, where, line = items
    return Photo(_str(src), _str(caption), _str(alt), _str(where), None if line is None else _int(line))


def _optional(read):
    return lambda value: None if value is None else read(value)


_READERS = {
    _STR: _str, _INT: _int, _OPT_INT: _optional(_int), _BOOL: _bool, _DATE: _date, _OPT_DATE: _optional(_date),
    _STRS: _strs, _TERMS: lambda value: tuple(_term(item) for item in _list(value)), _PHOTO: _optional(_photo),
    _PHOTOS: lambda value: tuple(_photo(item) for item in _list(value)),
}
_READ = tuple(_READERS[POST_FIELDS[name]] for name in _ORDER)


def _entry(rel: object, value: object) -> Entry:
    if not isinstance(rel, str) or not isinstance(value, list) or len(value) != 3:
        raise _Bad("entry")
    digest, seen, post = value
    stamp: Stamp | None = None
    if seen is not None:
        if not isinstance(seen, list) or len(seen) != 4 or any(type(n) is not int for n in seen):
            raise _Bad("stamp")
        stamp = (seen[0], seen[1], seen[2], seen[3])
    found = from_json(post)
    if found.path != rel:  # another file's post: nothing this cache wrote
        raise _Bad("path")
    return Entry(_str(digest), stamp, found)
