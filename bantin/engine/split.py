"""MkDocs' loop that writes the pages, shared with a forked child process (part of the engine
adapter; issue 21).

After every page is read, MkDocs renders each page with the theme's template and writes it,
one page after another, in one process: 7,300 pages at 3,000 posts, a third of a cold build,
on one core. `bantin build` with more than one worker splits that loop in two: when the loop
reaches its first page, a child is forked (engine/forked.py) that inherits everything read so
far and writes the pages from a split point to the end, through MkDocs' own `_build_page`,
while this process writes those before it. The split point shares out the work, a fresh page
counting for several reused ones (engine/reuse.py).

What MkDocs does for the child's pages in this process costs little: they get the empty
template bantin gives reused pages, the plugin's `on_post_page` gives them an empty output, so
MkDocs writes nothing, and the line MkDocs logs for an empty output is left out. When this
process is done with its share it waits for the child and takes its part of the build's state:
the log records each page produced (logged again as the loop passes that page, so warnings,
strict mode and their order are those of a one-process build) and the pages it rendered for
the build cache. A child that failed (a template error, a full disk, killed for memory) leaves
its pages to this process, which writes them as a one-process build does and reports what goes
wrong in the usual way.

Only a build whose plugins all keep to the page at hand splits (RenderCache.safe), and only
when no two pages are written to one file.
"""

from __future__ import annotations

import logging
import pickle
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bantin.engine import ENGINE, forked
from bantin.engine.bodies import logs_kept
from bantin.engine.reuse import TEMPLATE as EMPTY

FRESH = 6.0  # what rendering a page costs, against writing one kept from the last build (profiled)
SKIP = 0.1  # what the loop costs here for a page the child writes
FEWEST = 200  # pages below which a child costs more than it saves
RESULT = "result.pickle"  # in the child's folder: between this process and its own child, never kept
_MISSING = object()


def split_point(fresh: list[bool], extra: float = 0.0) -> int:
    """Where the child's share starts, so that both take as long (see FRESH, SKIP), the child
    having `extra` work besides (in reused pages' worth); 0: no split."""
    if len(fresh) < FEWEST:
        return 0
    cost = [FRESH if f else 1.0 for f in fresh]
    theirs = sum(cost) + extra
    ours = 0.0
    for k, c in enumerate(cost):
        if ours + SKIP * (len(cost) - k) >= theirs:
            return max(k, 1)
        ours += c
        theirs -= c
    return 0


class _Skipped(logging.Filter):
    """MkDocs' INFO line for a page with an empty output: the child's pages, written by the child."""

    def __init__(self, uris: set[str]) -> None:
        super().__init__()
        self.uris = uris

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.msg if isinstance(record.msg, str) else ""
        return not (message.startswith("Page skipped: '") and message[len("Page skipped: '"):].split("'")[0] in self.uris)


class PageSplit:
    """One build's split of the page loop (see module doc)."""

    def __init__(self) -> None:
        self.pages: list = []
        self.at = 0  # the child's first page
        self.build: Callable[[Any], None] | None = None
        self.finish: Callable[[set[str]], object] | None = None
        self.folder: Path | None = None
        self.child: forked.Child | None = None
        self.theirs: set[str] = set()
        self.last_ours = ""
        self.records: dict[str, list] = {}
        self.saved: dict[str, tuple[object, object]] = {}  # the child's pages' own template and lightbox
        self.failure = ""  # why the child's pages were given back (join)
        self._filter: _Skipped | None = None

    def arm(self, pages: list, fresh: Callable[[Any], bool], build: Callable[[Any], None],
            finish: Callable[[set[str]], object], folder: Path, extra: float = 0.0) -> bool:
        """Before MkDocs' page loop: `pages` in its order, `build` one of them as MkDocs does,
        `finish(uris)` the child's part of the build's state for the pages it wrote without a
        warning (picklable), and `extra` work the child has besides (see split_point);
        the split happens when the loop reaches its first page (`enter`). False: no split."""
        self.stop()
        self.failure = ""
        if len({p.file.dest_uri for p in pages}) != len(pages):
            return False  # two pages written to one file: the later wins, as the loop's order says
        at = split_point([fresh(p) for p in pages], extra)
        if at <= 0:
            return False
        self.pages, self.at, self.build, self.finish, self.folder = pages, at, build, finish, folder
        return True

    def enter(self, page, config) -> None:
        """The loop's first page: the child is forked, and takes over the pages from the split."""
        if not self.pages or self.child is not None or page is not self.pages[0]:
            return
        pages, at = self.pages, self.at
        theirs = pages[at:]
        uris = {p.file.src_uri for p in theirs}

        def work(folder: Path) -> None:
            logging.disable(logging.NOTSET)  # recorded here, logged by the parent (engine/forked.py quiets the child)
            page.active = False  # the page being built when the child was forked is the parent's
            config._current_page = None
            records: dict[str, list] = {}
            assert self.build is not None and self.finish is not None
            with logs_kept() as keep:
                for one in theirs:
                    start = len(keep.records)
                    self.build(one)
                    records[one.file.src_uri] = keep.records[start:]
            # A page that warned is never kept for the next build (engine/reuse.py: its warning shows again).
            warned = {uri for uri, said in records.items()
                      if any(level >= logging.WARNING and (name == ENGINE or name.startswith(ENGINE + "."))
                             for name, level, _ in said)}
            with (folder / RESULT).open("wb") as out:
                pickle.dump((records, self.finish(uris - warned)), out, protocol=pickle.HIGHEST_PROTOCOL)

        assert self.folder is not None
        try:
            self.child = forked.Child.fork(work, self.folder, daemon=True)
        except OSError as exc:  # no process to spare: this process writes every page
            self.failure = str(exc)
            self.pages = []
            return
        self.theirs, self.last_ours = uris, pages[at - 1].file.src_uri
        for one in theirs:
            self.saved[one.file.src_uri] = (one.meta.get("template", _MISSING), one.meta.get("glightbox", _MISSING))
            one.meta["template"] = EMPTY  # nothing to render here: the child writes it
            one.meta["glightbox"] = False
        self._filter = _Skipped(uris)
        logging.getLogger(f"{ENGINE}.commands.build").addFilter(self._filter)

    def is_theirs(self, page) -> bool:
        return page.file.src_uri in self.theirs

    def passed(self, page) -> None:
        """The loop passes one of the child's pages: what it logged there is logged now."""
        for name, level, message in self.records.pop(page.file.src_uri, ()):
            logging.getLogger(name).log(level, message)

    def is_last_ours(self, page) -> bool:
        return self.child is not None and page.file.src_uri == self.last_ours

    def join(self) -> object | None:
        """After this process's last page: the child's `finish` result, or None when it failed
        (its pages are then given back to this process, as they were read)."""
        child, self.child = self.child, None
        assert child is not None and self.folder is not None
        try:
            child.succeeded(threading.Lock())
            with (self.folder / RESULT).open("rb") as stored:
                self.records, result = pickle.load(stored)
            return result
        except (forked.ChildFailed, OSError, EOFError, pickle.UnpicklingError, ValueError) as exc:
            self.failure = str(exc) or type(exc).__name__
            self._give_back()
            return None
        finally:
            self._unfilter()
            shutil.rmtree(self.folder, ignore_errors=True)

    def _give_back(self) -> None:
        for one in self.pages[self.at:]:
            template, lightbox = self.saved.get(one.file.src_uri, (_MISSING, _MISSING))
            for key, value in (("template", template), ("glightbox", lightbox)):
                if value is _MISSING:
                    one.meta.pop(key, None)
                else:
                    one.meta[key] = value
        self.theirs, self.records = set(), {}

    def stop(self) -> None:
        """The build failed or ended: a child still running is ended, and everything forgotten."""
        child, self.child = self.child, None
        if child is not None:
            child.end()
        self._unfilter()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
        self.pages, self.theirs, self.records, self.saved, self.folder = [], set(), {}, {}, None
        self.build = self.finish = None
        self.last_ours = self.failure = ""

    def _unfilter(self) -> None:
        if self._filter is not None:
            logging.getLogger(f"{ENGINE}.commands.build").removeFilter(self._filter)
            self._filter = None
