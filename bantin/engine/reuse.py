"""Reuse of rendered pages between the rebuilds of `bantin serve` (part of the MkDocs adapter).

Editing one post while previewing changes a handful of pages: the post, the posts whose onward
reading lists it (they carry its title and date) and the index pages its card is on. MkDocs rebuilds every
page each time. This keeps each page's final HTML with a key made of everything the page is
rendered from (its Markdown and meta, its HTML body, its photos, a post's onward reading, which
is HTML put in after its Markdown is converted (site/onward.py), and a site-wide part: config,
navigation, the set of files, theme overrides); a page whose key is unchanged skips Markdown and
template work: it is given an empty body and a trivial template, and its stored HTML is put back
in `on_post_page`.

Only pages outside the navigation are reused (titles of nav pages are read by other pages);
a page that logged a warning is always rendered again, so its warning shows on every rebuild;
with a plugin whose page events might gather data (e.g. a search plugin), nothing is reused.

`bantin build` keeps the same store in the build cache between builds (`load`, `save`; issue 21).
Its site-wide part then leaves out the set of files, so that adding a post does not render every
page again: what a post's body asks of the other files is checked by engine/bodies.py, and the
plugin puts the body's digest into the post page's key (engine/plugin.py: on_page_markdown).
A new or retitled post thus renders again its neighbours' pages (their onward reading names it)
but not their bodies.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import zlib
from pathlib import Path

from bantin.engine import ENGINE

TEMPLATE = "bantin/reused.html"
STORE_FORMAT = 1  # of the file `save` writes
# Plugins whose page events only transform the page at hand (or do nothing when told to skip).
SAFE_PLUGINS = {"bantin", "glightbox"}


class _WarningsByPage(logging.Handler):
    """Notes which page MkDocs was processing when a warning was logged."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.config = None
        self.pages: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        page = getattr(self.config, "_current_page", None) if self.config is not None else None
        if page is not None:
            self.pages.add(page.file.src_uri)


class RenderCache:
    def __init__(self) -> None:
        self.stored: dict[str, tuple[str, bytes]] = {}  # source URI → (key, compressed HTML)
        self.next: dict[str, tuple[str, bytes]] = {}
        self.keys: dict[str, str] = {}
        self.reusing: dict[str, bytes] = {}
        self.site = b""
        self.enabled = False
        self.warnings = _WarningsByPage()
        self.reused = self.rendered = 0

    @staticmethod
    def safe(config) -> bool:
        """No active plugin but those whose page events only transform the page at hand."""
        active = {name.split("/")[-1] for name, plugin in config.plugins.items()
                  if getattr(plugin.config, "enabled", True) is not False}
        return active <= SAFE_PLUGINS

    def start(self, config, files, nav, extra: object, theme_dirs: list[str], *, every_file: bool = True) -> None:
        """Begin a build: the site-wide part of every key, and whether reuse is safe at all.
        `every_file`: the set of the site's files is part of it (see the module doc)."""
        self.enabled = self.safe(config)
        self.rekey(config, files, nav, extra, theme_dirs, every_file=every_file)
        self.next, self.keys, self.reusing = {}, {}, {}
        self.reused = self.rendered = 0
        self.warnings.config, self.warnings.pages = config, set()
        logger = logging.getLogger(ENGINE)
        if self.warnings not in logger.handlers:
            logger.addHandler(self.warnings)

    def rekey(self, config, files, nav, extra: object, theme_dirs: list[str], *, every_file: bool = True) -> None:
        """The site-wide part of every key (`start`; the preview's quick path, when the set of
        files changed: engine/quick.py)."""
        h = hashlib.blake2b(digest_size=16)
        for part in (Path(config.config_file_path).read_bytes() if config.config_file_path else b"",
                     config.site_url, config.use_directory_urls, config.theme.get("features"),
                     [str(s) for s in config.extra_css], [str(s) for s in config.extra_javascript],
                     _nav_repr(nav.items), sorted(files.src_uris) if every_file else None, extra,
                     _mtimes(theme_dirs)):
            h.update(json.dumps(part, sort_keys=True, default=str, ensure_ascii=False).encode())
        self.site = h.digest()

    def drop(self, uris) -> None:
        """Forget the pages at `uris` (no longer made)."""
        for uri in uris:
            self.stored.pop(uri, None)

    def stop(self) -> None:
        """End a build: keep what this build rendered or reused, forget the rest."""
        self.stored, self.next = self.next, {}
        self.warnings.config = None
        logging.getLogger(ENGINE).removeHandler(self.warnings)

    def keep_next(self) -> None:
        """After the preview's quick rebuild (engine/quick.py): keep the pages it rendered too."""
        self.stored.update(self.next)
        self.next, self.keys, self.reusing = {}, {}, {}

    def consider(self, page, markdown: str, *parts: object) -> bool:
        """Key the page; True when its stored HTML can stand in for rendering it (see module doc)."""
        if not self.enabled:
            return False
        h = hashlib.blake2b(self.site, digest_size=16)
        h.update(page.file.src_uri.encode())
        h.update(markdown.encode())
        h.update(json.dumps([page.meta, *parts], sort_keys=True, default=str, ensure_ascii=False).encode())
        key = h.hexdigest()
        self.keys[page.file.src_uri] = key
        stored = self.stored.get(page.file.src_uri)
        if stored is None or stored[0] != key:
            return False
        self.reusing[page.file.src_uri] = stored[1]
        self.next[page.file.src_uri] = stored
        page.meta["template"] = TEMPLATE
        page.meta["glightbox"] = False  # its HTML already has the lightbox
        return True

    def load(self, path: Path) -> None:
        """The pages a previous build kept at `path` (none when it is missing or unreadable)."""
        try:
            blob = path.read_bytes()
            size = int.from_bytes(blob[:8], "big")
            index = json.loads(blob[8:8 + size])
            if index.get("format") != STORE_FORMAT:
                return
            at, stored = 8 + size, {}
            for uri, key, length in index["pages"]:
                stored[uri] = (key, blob[at:at + length])
                at += length
            if at == len(blob):
                self.stored = stored
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            self.stored = {}

    def save(self, path: Path) -> None:
        """Keep this build's pages at `path`, written whole or not at all (else OSError)."""
        pages = sorted(self.stored.items())
        index = json.dumps({"format": STORE_FORMAT, "pages": [[uri, key, len(html)] for uri, (key, html) in pages]},
                           ensure_ascii=False).encode()
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("wb") as out:
                out.write(len(index).to_bytes(8, "big"))
                out.write(index)
                for _, (_, html) in pages:
                    out.write(html)
            os.replace(temporary, path)
        except OSError:  # a full disk, as for the photo and search caches: the build stops, said in Vietnamese
            temporary.unlink(missing_ok=True)
            raise

    def output(self, page, output: str) -> str:
        """The page's final HTML: the stored one when reused; else store what was rendered."""
        uri = page.file.src_uri
        reused = self.reusing.pop(uri, None)
        if reused is not None:
            self.reused += 1
            return zlib.decompress(reused).decode("utf-8")
        key = self.keys.pop(uri, None)
        if key is not None:
            self.rendered += 1
            if uri not in self.warnings.pages:
                self.next[uri] = (key, zlib.compress(output.encode("utf-8"), 1))
        return output


def _nav_repr(items) -> list:
    out = []
    for item in items:
        children = getattr(item, "children", None)
        out.append([item.title, getattr(item, "url", None), _nav_repr(children) if children else None])
    return out


def _mtimes(dirs: list[str]) -> list:
    """Modification times of theme overrides, so editing a template re-renders every page."""
    found = []
    for folder in dirs:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file():
                stat = path.stat()
                found.append((str(path), stat.st_mtime_ns, stat.st_size))
    return found
