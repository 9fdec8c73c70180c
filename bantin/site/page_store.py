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

The file is JSON compressed with zlib, never pickle (the cache folder may come from a CI cache),
written whole or not at all.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from pathlib import Path

from bantin.model.atomic import json_z, write_whole_parts

STORE_FORMAT = 2


def digest(*parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class PageStore:
    """The pages a previous build kept (`kept`) and those this build makes or reuses (`next`)."""

    def __init__(self, context: str, kept: dict[str, tuple[str, list]] | None = None,
                 kept_parts: dict[str, tuple[str, str]] | None = None) -> None:
        self.context = context
        self.kept = kept or {}  # source URI → (key, [content, html, lastmod, onward])
        self.next: dict[str, tuple[str, list]] = {}
        self.kept_parts = kept_parts or {}  # "kind:source URI" → (key, HTML)
        self.next_parts: dict[str, tuple[str, str]] = {}
        self.reused = self.made = 0

    def key(self, *parts: object) -> str:
        return digest(self.context, *parts)

    def get(self, uri: str, key: str) -> list | None:
        """The kept page's fields when its key is `key` (noted as kept again); None: make it."""
        found = self.kept.get(uri)
        if found is None or found[0] != key:
            return None
        self.next[uri] = found
        self.reused += 1
        return found[1]

    def put(self, uri: str, key: str, fields: list) -> None:
        self.next[uri] = (key, fields)
        self.made += 1

    def get_part(self, kind: str, uri: str, key: str) -> str | None:
        """A kept part of a page (a post's card or album) when its key is `key`; None: make it."""
        name = f"{kind}:{uri}"
        found = self.kept_parts.get(name)
        if found is None or found[0] != key:
            return None
        self.next_parts[name] = found
        return found[1]

    def put_part(self, kind: str, uri: str, key: str, html: str) -> None:
        self.next_parts[f"{kind}:{uri}"] = (key, html)

    def parts(self) -> dict[str, tuple[str, str]]:
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
            data = json.loads(zlib.decompress(path.read_bytes()))
            if data.get("format") == STORE_FORMAT and data.get("context") == context:
                return cls(context, {uri: (key, fields) for uri, key, fields in data["pages"]},
                           {name: (key, html) for name, key, html in data["parts"]})
        except (OSError, ValueError, TypeError, KeyError, AttributeError, zlib.error):
            pass
        return cls(context)

    def save(self, path: Path) -> None:
        """Keep this build's pages at `path`, written whole or not at all (else OSError)."""
        data = {"format": STORE_FORMAT, "context": self.context,
                "pages": [[uri, key, fields] for uri, (key, fields) in sorted(self.next.items())],
                "parts": [[name, key, html] for name, (key, html) in sorted(self.parts().items())]}
        # A full disk, as for the other caches: the build stops, said in Vietnamese.
        write_whole_parts(path, json_z(data, errors="surrogatepass"))


def tree_digest(folders: list[Path]) -> str:
    """The names and contents of every file under `folders` (templates: a few dozen small files)."""
    h = hashlib.blake2b(digest_size=16)
    for folder in folders:
        for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
            if path.is_file():
                h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()
