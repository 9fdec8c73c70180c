"""Generated pages kept between builds (issue 21): posts' pages and pages of lists, each with the
digest of everything it is made from, so that a build with `.cache/` kept makes again only the
pages whose inputs changed (site/pages.py asks; engine/plugin.py loads and saves).

A page's key is the digest of the site-wide inputs (`context`: bantin's version and templates,
the site's template overrides, the registry, the options, the photos' renditions, the site's
address and URL style; engine/plugin.py makes it) and the page's own: a post's page, the post
itself and what its page shows of other posts (Renderer.post_inputs); a page of a list, the
list's own data and the posts on it; a monthly issue, its month, its number and its posts.
Parts of pages made from one post alone (its card, its album: `parts`) are kept the same way,
under the post's digest. Posts are digested by value (their repr: frozen dataclasses of plain
values), once per build. A part without a stable repr (an object shown by
its address) makes a key that never matches: the page is then made every time, never wrong.

The file is never pickle (the cache folder may come from a CI cache), and is written whole or
not at all: a line naming the format, the length of a header, the header (zlib of JSON: the
context, then each page's and part's name, key and size), then each entry's fields as zlib of
JSON, one after another. Entries stay compressed in memory: a page's fields are read when a build
asks for them under their key, and an entry kept again is written back as it was read, so the
store holds a tenth of what its pages would as text (at 10,000 posts, 60 MB for 700).
"""

from __future__ import annotations

import hashlib
import json
import zlib
from pathlib import Path

from bantin.model.atomic import write_whole_parts

STORE_FORMAT = 3
MAGIC = f"bantin-page-store {STORE_FORMAT}\n".encode()
_ERRORS = "surrogatepass"  # a lone surrogate in a post is kept as it is, as the JSON store kept it


def pack_text(text: str) -> bytes:
    """Text held compressed (zlib's fastest level): a page's entry here, its body while it waits
    for its turn in the build (engine/plugin.py)."""
    return zlib.compress(text.encode("utf-8", _ERRORS), 1)


def unpack_text(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8", _ERRORS)


def _packed(value: object) -> bytes:
    return pack_text(json.dumps(value, ensure_ascii=False))


def _unpacked(blob: bytes) -> object:
    """The value of a packed entry; None when it does not read (a damaged file: made again)."""
    try:
        return json.loads(unpack_text(blob))
    except (ValueError, zlib.error):  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        return None


def digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class PageStore:
    """The pages a previous build kept (`kept`) and those this build makes or reuses (`next`)."""

    def __init__(self, context: str, kept: dict[str, tuple[str, bytes]] | None = None,
                 kept_parts: dict[str, tuple[str, bytes]] | None = None) -> None:
        self.context = context
        self.kept = kept or {}  # source URI → (key, packed [content, html, lastmod, onward])
        self.next: dict[str, tuple[str, bytes]] = {}
        self.kept_parts = kept_parts or {}  # "kind:source URI" → (key, packed HTML)
        self.next_parts: dict[str, tuple[str, bytes]] = {}
        self.reused = self.made = 0

    def key(self, *parts: object) -> str:
        return digest(self.context, *parts)

    def get(self, uri: str, key: str) -> list | None:
        """The kept page's fields when its key is `key` (noted as kept again); None: make it."""
        found = self.kept.get(uri)
        if found is None or found[0] != key:
            return None
        fields = _unpacked(found[1])
        if not isinstance(fields, list):
            return None  # not what this code writes: made again
        self.next[uri] = found
        self.reused += 1
        return fields

    def put(self, uri: str, key: str, fields: list) -> None:
        self.next[uri] = (key, _packed(fields))
        self.made += 1

    def get_part(self, kind: str, uri: str, key: str) -> str | None:
        """A kept part of a page (a post's card or album) when its key is `key`; None: make it."""
        name = f"{kind}:{uri}"
        found = self.kept_parts.get(name)
        if found is None or found[0] != key:
            return None
        html = _unpacked(found[1])
        if not isinstance(html, str):
            return None
        self.next_parts[name] = found
        return html

    def put_part(self, kind: str, uri: str, key: str, html: str) -> None:
        self.next_parts[f"{kind}:{uri}"] = (key, _packed(html))

    def parts(self) -> dict[str, tuple[str, bytes]]:
        """The parts to keep: this build's, and the kept ones of pages still published that this
        build did not ask for (a list page reused whole asks for no card: the next build may)."""
        carried = {name: found for name, found in self.kept_parts.items()
                   if name not in self.next_parts and name.partition(":")[2] in self.next}
        return carried | self.next_parts

    @property
    def changed(self) -> bool:
        return self.next != self.kept or self.parts() != self.kept_parts

    @classmethod
    def load(cls, path: Path, context: str) -> PageStore:
        """The store at `path` for this `context`: empty when missing, damaged, of another format
        or made for other site-wide inputs."""
        try:
            data = path.read_bytes()
            if not data.startswith(MAGIC):
                return cls(context)
            at = len(MAGIC) + 8
            size = int.from_bytes(data[len(MAGIC):at], "little")
            header = json.loads(unpack_text(data[at:at + size]))
            if header.get("context") != context:
                return cls(context)
            at += size
            entries: list[dict[str, tuple[str, bytes]]] = [{}, {}]
            for table, listed in zip(entries, (header["pages"], header["parts"]), strict=True):
                for name, key, length in listed:
                    if not (isinstance(name, str) and isinstance(key, str) and isinstance(length, int) and length > 0):
                        return cls(context)
                    table[name] = (key, data[at:at + length])
                    at += length
            if at != len(data):  # cut short, or more than the header says
                return cls(context)
            return cls(context, *entries)
        except (OSError, ValueError, TypeError, KeyError, AttributeError, zlib.error):
            return cls(context)

    def save(self, path: Path) -> None:
        """Keep this build's pages at `path`, written whole or not at all (else OSError)."""
        pages = sorted(self.next.items())
        parts = sorted(self.parts().items())
        header = _packed({"context": self.context,
                          "pages": [[uri, key, len(blob)] for uri, (key, blob) in pages],
                          "parts": [[name, key, len(blob)] for name, (key, blob) in parts]})

        def chunks():
            yield MAGIC + len(header).to_bytes(8, "little") + header
            for _, (_, blob) in pages:
                yield blob
            for _, (_, blob) in parts:
                yield blob

        # A full disk, as for the other caches: the build stops, said in Vietnamese.
        write_whole_parts(path, chunks())


def tree_digest(folders: list[Path]) -> str:
    """The names and contents of every file under `folders` (templates: a few dozen small files)."""
    h = hashlib.blake2b(digest_size=16)
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file():
                h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()
