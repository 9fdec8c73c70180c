"""The preview's quick path: an edit of posts re-renders only the pages it touches
(part of the engine adapter; issue 21).

MkDocs' serve rebuilds the whole site after every change: its file list, its navigation and
every page object, which takes seconds at a few thousand posts even when bantin reuses each
unchanged page's HTML (engine/reuse.py). Most saves while previewing change only a post's text.
After a successful build the plugin keeps what MkDocs built it from (configuration, files,
navigation, template environment) and a snapshot of every input's size and modification time;
at the next change `rebuild` decides from the inputs and from the project read again what to
re-render, through MkDocs' own per-page steps (`_populate_page`, `_build_page`), as the full
build would: after an edit of posts' bodies alone, those posts and their months' bulletins;
after any other edit of posts (front matter, a post added or removed), every page and file
bantin makes is made again (unchanged posts' pages and issues lent by the last build) and those
that differ are written, new ones added to MkDocs' files in the order a full build adds them,
and those no longer made taken away; a moved post's old address gets its redirect page.

Anything else goes to the full build, which is always right: a change outside `posts/` (the
registry, photos, docs/, mkdocs.yml, theme overrides), a post made unreadable, a post's set of
photos changed, a section of the navigation appearing or going, a problem or warning the
project reports differently, a rendered page that logs a warning or has unsafe markup.
(Links from other pages to a post's headings are checked as the full preview build checks them:
when those pages are rendered, not when they are reused.) The search index, which reads every post, is rebuilt afterwards
in a child process (`Search`: forked, so it shares no GIL with the next rebuild, and ended as soon
as a newer rebuild makes it stale) and swapped in whole, so the page shows at once and search
follows within seconds.
The pages written are byte for byte what a full build writes (tests/test_quick.py).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from bantin.engine import ENGINE
from bantin.engine.forked import Child, ChildFailed, can_fork
from bantin.model.urls import bulletin_uri

log = logging.getLogger(f"{ENGINE}.plugins.bantin.quick")

Snapshot = dict[str, tuple[int, int]]  # path → (size, mtime in ns)


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """Size and modification time of every file under `paths` (files or folders; missing ones
    are left out, so their creation shows as a change)."""
    found: Snapshot = {}
    for path in paths:
        if path.is_file():
            stat = path.stat()
            found[str(path)] = (stat.st_size, stat.st_mtime_ns)
            continue
        for folder, dirs, names in os.walk(path):
            dirs.sort()
            for name in names:
                full = os.path.join(folder, name)
                try:
                    stat = os.stat(full)
                except OSError:
                    continue  # removed while listed: its absence is the change
                found[full] = (stat.st_size, stat.st_mtime_ns)
    return found


@dataclass
class State:
    """What the last successful preview build was made of, kept by the plugin."""

    config: Any  # MkDocs' MkDocsConfig, Files, Navigation and jinja2.Environment
    files: Any
    nav: Any
    env: Any
    inputs: Snapshot
    watched: list[Path]
    posts_dir: Path


@dataclass
class Outcome:
    pages: list[str] = field(default_factory=list)  # source URIs re-rendered
    seconds: float = 0.0
    remade: int = 0  # posts' pages and monthly issues whose source was made again to compare


class Search:
    """The preview's search index, rebuilt after each rebuild (it reads every post: seconds of
    pure-Python work at a few thousand), one at a time; a newer rebuild makes an older one's
    result stale, so it is dropped, never put in. Until the new index is in place, the site keeps
    the last one (a copy kept outside the site, which a full build empties): search answers at
    once, a few seconds behind the pages.

    The work runs in a child process forked from the preview (it inherits the project in memory,
    nothing is pickled), so it never holds the preview's GIL while the next save is rendered; a
    thread waits for it and swaps its index in. A newer rebuild or the end of the preview
    terminates a child still running. Where there is no fork (Windows) the thread does the work."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.generation = 0
        self.thread: threading.Thread | None = None
        self.child: Child | None = None  # the process making the index now, if any
        self.scratch: Path | None = None  # this preview's own folder, beside the site
        self.kept: Path | None = None  # the last index put in, in `scratch`

    def newer(self) -> int:
        """A newer rebuild: the index being made is stale (its process, if any, is ended now)."""
        with self.lock:
            self.generation += 1
            child, self.child = self.child, None
            if child is not None:
                child.cancel()
            return self.generation

    def folder(self, near: Path) -> Path:
        """A new folder in this preview's scratch folder (made beside `near` the first time)."""
        if self.scratch is None or not self.scratch.is_dir():
            self.scratch = Path(tempfile.mkdtemp(prefix=".bantin-preview-", dir=near))
        return Path(tempfile.mkdtemp(prefix="search-", dir=self.scratch))

    def keep(self, index: Path) -> None:
        """`index` (in `scratch`) is the last index put in; the one before goes (lock held)."""
        old, self.kept = self.kept, index
        if old is not None and old != index:
            shutil.rmtree(old.parent, ignore_errors=True)

    def put_last(self, out: Path) -> bool:
        """The last index at `out` (after a full rebuild, until the new one is made); False: none."""
        with self.lock:
            if self.kept is None or not self.kept.is_dir():
                return False
            if out.exists():
                shutil.rmtree(out)
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copytree(self.kept, out)
            return True

    def start(self, build, out: Path, near: Path) -> None:
        """Run `build(folder)` (it writes the index into `folder`, in a folder beside the site,
        in `near`), in a child process where there is fork, and put it at `out`."""
        generation = self.newer()
        folder = self.folder(near)
        child = None
        if can_fork():
            with self.lock:  # a newer() from another thread finds the child registered, or none started
                if generation != self.generation:
                    shutil.rmtree(folder, ignore_errors=True)
                    return
                try:
                    child = self.child = Child.fork(lambda into: build(into / "index"), folder)
                except OSError as exc:  # no process to be had (memory, process limit): the thread does it
                    log.debug(f"Không tạo được tiến trình con cho chỉ mục tìm kiếm ({exc}): làm trong luồng.")

        def run() -> None:
            index = folder / "index"
            try:
                if child is None:
                    build(index)
                elif not child.succeeded(self.lock):
                    shutil.rmtree(folder, ignore_errors=True)
                    return  # ended by a newer rebuild: nothing to say
                with self.lock:
                    if generation != self.generation:
                        shutil.rmtree(folder, ignore_errors=True)
                        return
                    if self.child is child:
                        self.child = None
                    staging = out.with_name(f".{out.name}.{generation}")
                    shutil.copytree(index, staging)
                    if out.exists():
                        shutil.rmtree(out)
                    os.replace(staging, out)
                    self.keep(index)
            except Exception as exc:  # noqa: BLE001 - a thread says it in the terminal, never with a traceback
                shutil.rmtree(folder, ignore_errors=True)
                with self.lock:
                    if self.child is child:
                        self.child = None  # ended and reaped: nothing left to end
                if generation == self.generation:
                    why = str(exc) if isinstance(exc, ChildFailed) else " ".join(f"{type(exc).__name__}: {exc}".split())
                    log.warning(f"Không cập nhật được chỉ mục tìm kiếm của bản xem trước ({why}) "
                                "→ lưu lại bài viết để xây dựng lại, hoặc khởi động lại 'bantin serve'.")

        self.thread = threading.Thread(target=run, name="bantin-search", daemon=True)
        self.thread.start()

    def wait(self, timeout: float | None = None) -> None:
        """Until the last index started is in place, dropped or failed (its process ended)."""
        thread = self.thread
        if thread is not None:
            thread.join(timeout)

    def close(self) -> None:
        """The preview ends: a child still making an index is ended, the scratch folder goes."""
        self.newer()
        self.wait(30)
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = self.kept = None


class _Warnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def changed_posts(state: State, now: Snapshot) -> list[str] | None:
    """The posts' files changed, added or removed since `state`, when those are all that changed
    (None: else)."""
    before = state.inputs
    changed = sorted(path for path in before.keys() | now.keys() if before.get(path) != now.get(path))
    posts = str(state.posts_dir) + os.sep
    if not all(path.startswith(posts) and path.endswith(".md") for path in changed):
        return None
    return changed


def body_only(old, new) -> bool:
    """Whether `new` differs from `old` (the same post read again) by its body alone."""
    return replace(new, body=old.body) == old


def _full(why: str) -> Outcome | None:
    """None (the full build), saying why in the log (bantin -v serve)."""
    log.debug(f"Xây dựng lại toàn bộ: {why}.")
    return None


def rebuild(plugin, state: State) -> Outcome | None:
    """The quick path (see the module doc); None when the full build must run instead. Pages it
    may have written before giving up are written again by that build."""
    from mkdocs.commands.build import _build_page, _build_theme_template, _populate_page
    from mkdocs.structure.files import InclusionLevel
    from mkdocs.structure.pages import Page

    from bantin.model.errors import ContentErrors
    from bantin.model.project import load_project

    start = time.perf_counter()
    now = snapshot(state.watched)
    changed = changed_posts(state, now)
    if not changed:
        return _full("không thấy tệp nào đổi, hoặc có tệp ngoài posts/ đổi")  # nothing seen changed: what moved is elsewhere (or the clock), build it all
    old = plugin.project
    try:
        project = load_project(old.options, cache=plugin.posts_read)
    except ContentErrors:
        return _full("bài có lỗi")  # the full build reports them, every one
    if ([w.format() for w in project.warnings] != [w.format() for w in old.warnings]
            or project.hidden != old.hidden or [p.format() for p in project.unfinished] !=
            [p.format() for p in old.unfinished]):
        return _full("cảnh báo của dự án đổi")
    before = {post.path: post for post in old.index.posts}
    after = {post.path: post for post in project.index.posts}
    edited = [after[path] for path in after if after[path] != before.get(path)]
    config, files, nav = state.config, state.files, state.nav
    renderer = plugin.make_renderer(project, config, plugin.renderer)
    plugin.quick_remade = len(edited)
    if before.keys() == after.keys() and all(body_only(before[post.path], post) for post in edited):
        plan = _bodies(plugin, renderer, edited, files)
    else:
        plan = _moved(plugin, project, renderer, files, old, config)
    if isinstance(plan, str):
        return _full(plan)
    todo, others, sitemap = plan
    log.debug(f"Cập nhật nhanh: {len(todo)} trang, {len(others)} tệp; làm lại nguồn của {plugin.quick_remade} trang bài.")
    warnings = _Warnings()
    logging.getLogger(ENGINE).addHandler(warnings)
    try:
        pages = []
        for file, source in todo:
            if source is not None:  # None: a page read again from its source, as it is
                file.content_string = source
            # A page in the navigation keeps its place there (parent, neighbours); any other is
            # read anew, as the full build reads it.
            page = file.page if file.src_uri in plugin.nav.in_nav else Page(None, file, config)
            _populate_page(page, config, files)
            if plugin.unsafe or warnings.count:
                return _full(f"trang {file.src_uri} có cảnh báo, hoặc nội dung không an toàn")
            pages.append(page)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for page in pages:
            _build_page(page, config, doc_files, nav, plugin.env)
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        for file, content in others:
            if content is not None:
                file.content_bytes = content
            file.copy_file()
        if sitemap:
            _build_theme_template("sitemap.xml", plugin.env, files, config, nav)
        if warnings.count:
            return _full("có cảnh báo")
    finally:
        logging.getLogger(ENGINE).removeHandler(warnings)
    plugin.reuse.keep_next()
    state.inputs = now
    plugin.rebuild_search(config)
    return Outcome([file.src_uri for file, _ in todo] + [file.src_uri for file, _ in others],
                   time.perf_counter() - start, plugin.quick_remade)


def _bodies(plugin, renderer, edited: list, files):
    """Only posts' bodies changed: their pages and their months' bulletins, and nothing else
    (index pages, onward lists and feeds show no body)."""
    made = [renderer.post_generated(post) for post in edited]
    if renderer.bulletins is not None:
        made += renderer.bulletin_pages({(post.date.year, post.date.month) for post in edited})
    todo = []
    for page in made:
        file = files.get_file_from_path(page.src_uri)
        if file is None or page.src_uri in plugin.nav.in_nav:
            return f"trang {page.src_uri} không có, hoặc nằm trong thanh điều hướng"
        if (file.content_string != page.content or plugin.html.get(page.src_uri) != page.html
                or plugin.onward.get(page.src_uri, "") != page.onward):
            todo.append((file, page.content))
    # Every other page stands as it was: the list pages too, for the next quick rebuild to lend.
    renderer.lend_all()
    by_uri = {page.src_uri: page for page in made}
    pages = [by_uri.get(page.src_uri, page) for page in plugin.pages]
    plugin.adopt(renderer.project, renderer, {}, pages=pages)
    return todo, [], False


def _moved(plugin, project, renderer, files, old, config):
    """Posts changed in more than their bodies, or were added or removed: every page and file
    bantin makes is made again and compared with what the last build wrote; the pages and files
    that differ, or are new, are written, and those no longer made are taken away, when the
    navigation and the photos are the same (else the full build: a section appears or goes, a
    photo is added)."""
    old_posts = {post.path: post for post in old.index.posts}
    photos = {p.src for post in project.index.posts for p in post.images}
    if photos != {p.src for post in old.index.posts for p in post.images}:
        return "ảnh của bài đổi"
    if renderer.nav() != plugin.renderer.nav():
        return "thanh điều hướng đổi"
    # A post's page, and a month's issue, are made again only when what they show changed.
    changed = {post.path for post in project.index.posts if post is not old_posts.get(post.path)}
    removed = old_posts.keys() - {post.path for post in project.index.posts}
    old_renderer = plugin.renderer
    again = {post.src_uri for post in project.index.posts
             if post.path in changed or renderer.post_inputs(post) != old_renderer.post_inputs(old_posts[post.path])}
    months = {(p.date.year, p.date.month) for p in project.index.posts if p.path in changed}
    months |= {(p.date.year, p.date.month) for p in old.index.posts if p.path in changed or p.path in removed}
    if project.index.by_month.keys() != old.index.by_month.keys():
        months |= project.index.by_month.keys()  # an issue appears or goes: every issue's number may move
    again |= {bulletin_uri(*m) for m in months}
    previous = {page.src_uri: page for page in plugin.pages}
    made = plugin.site_files(project, renderer, config, lambda uri: None if uri in again else previous.get(uri),
                             docs=[f for f in files if not f.generated_by])
    plugin.quick_remade = len(again)
    if made is None:
        return "có vấn đề cần nói (đường dẫn, chuyển hướng)"
    pages, site_files, added = made
    html = {page.src_uri: page.html for page in pages if page.html is not None}
    onward = {page.src_uri: page.onward for page in pages if page.onward}  # put in after conversion
    lastmod = {page.src_uri: page.lastmod for page in pages}
    ours = {f.src_uri for f in files if f.generated_by == "bantin"} - ({plugin.emblem[0]} if plugin.emblem else set())
    now = {f.src_uri for f in added}
    gone, new = ours - now, now - ours
    if (gone | new) & plugin.nav.in_nav:
        return "trang trong thanh điều hướng thêm hoặc bớt"
    todo, others = [], []
    for made_file in added:
        uri = made_file.src_uri
        file = files.get_file_from_path(uri) if uri in ours else made_file
        if uri in new:
            if file.is_documentation_page():
                todo.append((file, made_file.content_string))
            else:
                others.append((file, None))
            continue
        if made_file.abs_src_path is not None:  # a photo or an asset: the same file, copied as before
            if file.abs_src_path != made_file.abs_src_path:
                return f"tệp {uri} đổi nguồn"
            continue
        if file.is_documentation_page():
            if (file.content_string != made_file.content_string or plugin.html.get(uri) != html.get(uri)
                    or plugin.onward.get(uri) != onward.get(uri)):
                if uri in plugin.nav.in_nav and _front(file.content_string) != _front(made_file.content_string):
                    return f"tiêu đề của trang {uri} trong thanh điều hướng đổi"
                todo.append((file, made_file.content_string))
        elif file.content_bytes != made_file.content_bytes:
            others.append((file, made_file.content_bytes))
    if gone or new:
        taken = [files.get_file_from_path(uri) for uri in sorted(gone)]
        todo += _linking(files, project, {file.src_uri for file, _ in todo})
        _replace_ours(files, ours, [f if f.src_uri in new else files.get_file_from_path(f.src_uri) for f in added])
        plugin.reuse.drop(gone)
        _take_away(Path(config.site_dir), [Path(f.abs_dest_path) for f in taken])
    sitemap = lastmod != plugin.lastmod or bool(gone or new)
    plugin.adopt(project, renderer, {}, pages=pages, made=site_files)
    if gone or new:  # pages' keys cover the set of files (engine/reuse.py): what is rendered now sees the new one
        plugin.rekey_reuse(config, files, plugin.built[1])
    return todo, others, sitemap


def _linking(files, project, already: set[str]) -> list:
    """Pages whose links may point to a page that appeared, went or moved, read again from their
    sources as they are: every page written by hand, and every post whose text links to a Markdown
    file (a post's link names the post's file, which its page shows as that post's address)."""
    linking = {post.src_uri for post in project.index.posts if ".md" in post.body}
    return [(file, None) for file in files
            if file.src_uri not in already and file.is_documentation_page()
            and (not file.generated_by or file.src_uri in linking)]


def _replace_ours(files, ours: set[str], mine: list) -> None:
    """bantin's files in `files` become `mine`, in their place and their order, as a full build
    adds them (the sitemap lists pages in the order of the files)."""
    everything = list(files)
    first = next((i for i, f in enumerate(everything) if f.src_uri in ours), len(everything))
    order = everything[:first] + mine + [f for f in everything[first:] if f.src_uri not in ours]
    for file in everything:
        files.remove(file)
    for file in order:
        files.append(file)


def _take_away(site: Path, paths: list[Path]) -> None:
    """What the last build wrote for files no longer made, and the folders that leaves empty."""
    for path in paths:
        path.unlink(missing_ok=True)
        folder = path.parent
        while folder != site and folder.is_relative_to(site):
            try:
                folder.rmdir()  # only when empty
            except OSError:
                break
            folder = folder.parent


def _front(source: str) -> list[str]:
    """A page's title in its front matter: what other pages' navigation shows of it."""
    return [line for line in source.split("\n---\n", 1)[0].splitlines() if line.startswith("title:")]
