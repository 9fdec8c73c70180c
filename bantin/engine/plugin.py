"""The MkDocs plugin: a thin adapter from MkDocs' events to bantin's core modules."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.utils import get_relative_url

from bantin import __version__
from bantin.engine.markdown import BantinMarkdown, PageContext
from bantin.engine.reuse import TEMPLATE as REUSED
from bantin.engine.reuse import RenderCache
from bantin.model import urls
from bantin.model.errors import ContentError, ContentErrors, summary_line
from bantin.model.markup import locate, might_have_markup, unsafe_markup
from bantin.model.project import Options, Project, load_project
from bantin.model.slugs import heading_slugify
from bantin.model.urls import SEARCH_INDEX
from bantin.site import ASSETS, redirects, search, seo
from bantin.site.compact import compact_html
from bantin.site.feeds import atom, rss, site_feeds
from bantin.site.outputs import Writer, clashes, redirect_writer, reserved
from bantin.site.pages import Renderer
from bantin.site.photos import gallery
from bantin.site.photos.picture import image_uri, rendition_uri
from bantin.site.photos.process import terminal_progress
from bantin.site.photos.renditions import Settings
from bantin.tools.check import folder_size, photo_problems, site_size_problem

log = get_plugin_logger(__name__)
PACKAGE = Path(__file__).parent
CSS = "assets/bantin/bantin.css"
JS = "assets/bantin/bantin.js"
SEARCH_JS = "assets/bantin/search.js"
DRAFTS_ENV = "BANTIN_DRAFTS"  # set by `bantin serve --drafts`


class _Whole(c.Type):
    """A whole number from `low` to `high` (bool is not one), said in Vietnamese."""

    def __init__(self, low: int, high: int, default: int):
        super().__init__(int, default=default)
        self.low, self.high = low, high

    def run_validation(self, value):
        if isinstance(value, bool) or not isinstance(value, int) or not self.low <= value <= self.high:
            raise c.ValidationError(f"cần một số nguyên từ {self.low} đến {self.high}, không phải {value!r}")
        return value


class _Widths(c.BaseConfigOption):
    """Photo widths in pixels: at least one, each from 16 to 10,000."""

    def __init__(self, default: list[int]):
        super().__init__()
        self.default = default

    def run_validation(self, value):
        if not isinstance(value, list) or not value or not all(
                isinstance(w, int) and not isinstance(w, bool) and 16 <= w <= 10_000 for w in value):
            raise c.ValidationError(f"cần danh sách các độ rộng ảnh (số điểm ảnh từ 16 đến 10000), ví dụ "
                                    f"[320, 640, 1280, 1920], không phải {value!r}")
        return sorted(set(value))


class _Hosts(c.BaseConfigOption):
    """Host names (www.youtube-nocookie.com), or their https:// addresses."""

    def __init__(self):
        super().__init__()
        self.default: list[str] = []

    def run_validation(self, value):
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(h, str) and h.strip() for h in value):
            raise c.ValidationError(f"cần danh sách tên máy chủ, ví dụ [www.youtube-nocookie.com], không phải {value!r}")
        return value


class BantinConfig(base.Config):
    posts_dir = c.Type(str, default="posts")
    images_dir = c.Type(str, default="images")
    registry = c.Type(str, default="registry.yml")
    cache_dir = c.Type(str, default=".cache/bantin")
    drafts = c.Type(bool, default=False)
    future = c.Type(bool, default=False)
    per_page = _Whole(1, 1000, default=10)
    navigation = c.Type(bool, default=True)
    image_widths = _Widths(default=[320, 640, 1280, 1920])
    jpeg_quality = _Whole(1, 100, default=80)
    webp_quality = _Whole(1, 100, default=76)
    copy_originals = c.Type(bool, default=False)
    search = c.Type(bool, default=True)  # bantin's search; false leaves Material's plugin alone
    compact_html = c.Type(bool, default=True)  # cut indentation from written pages (see compact.py)
    embeds = _Hosts()  # hosts whose <iframe>s posts may carry


class BantinPlugin(BasePlugin[BantinConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.project: Project | None = None
        self.photos: gallery.PhotoSet | None = None
        self.page = PageContext()
        self.posts_by_uri: dict = {}
        self.pages: list = []
        self.html: dict[str, str] = {}  # pages bantin writes as HTML: source URI → body
        self.renderer: Renderer | None = None
        self.command = "build"
        self.redirects: redirects.Plan | None = None
        self.env: jinja2.Environment | None = None
        self.in_nav: set[str] = set()  # source URIs of the pages in the navigation
        self.nav_targets: dict[str, list[str]] = {}  # first URL segment → nav URLs under it
        self.fragments: dict[tuple, str] = {}  # (partial, links key) → rendered HTML
        self.posts_read: dict | None = None  # parsed posts kept between `serve` rebuilds
        self.reuse = RenderCache()  # pages kept between `serve` rebuilds (this instance outlives them)
        self.unsafe: list[ContentError] = []  # markup found in rendered posts (see on_page_content)
        self.docs_writes: list[tuple[str, Writer]] = []  # the site's own files (see on_files)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.unsafe = []

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.posts_read = {} if command == "serve" else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Validate and process photos now: MkDocs empties site_dir right after this event.
        options = self.options(config)
        self.project = _checked(self._load_project, options)
        for warning in self.project.warnings:
            log.warning(warning.format())
        self.redirects = _checked(self.plan_redirects, options)
        self.photos = _checked(self.publish_photos, options)
        self.renderer = Renderer(self.project, photo=self.photos.meta.get,
                                 directory_urls=config.use_directory_urls)
        self.pages = list(self.renderer.pages())
        self.html = {page.src_uri: page.html for page in self.pages if page.html is not None}
        self.posts_by_uri = {p.src_uri: p for p in self.project.index.posts}
        by_path = {p.path: p.src_uri for p in self.project.index.posts}
        self.page = PageContext(
            post_uri=by_path.get,
            photo=self.photos.meta.get,
            virtual={image_uri(src): src for src in self.photos.meta},
            rendition_uri=rendition_uri,
        )
        _configure_markdown(config, self.page)
        if config.validation.nav.omitted_files == logging.INFO:
            # Posts are reached through index pages, never listed in the nav: not news.
            config.validation.nav.omitted_files = logging.DEBUG
        _add_theme_overrides(config)
        self._add_assets(config)
        return config

    def _load_project(self, options: Options) -> Project:
        try:
            return load_project(options, cache=self.posts_read)
        except ContentErrors as exc:  # every problem in one run: the photos of the posts read too
            raise ContentErrors(exc.errors + photo_problems(exc.posts, options)) from None

    def _add_assets(self, config: MkDocsConfig) -> None:
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        scripts = [str(script) for script in config.extra_javascript]
        for uri in (JS, SEARCH_JS) if self.config.search else (JS,):
            if uri not in scripts:
                script = c.ExtraScriptValue(uri)
                script.defer = True
                config.extra_javascript.append(script)
        if "material/search" in config.plugins and self.config.search:
            # One search for readers: bantin's. Material's would also write the full text of
            # every post into one file that each reader downloads before the first result.
            config.plugins["material/search"].config.enabled = False

    def options(self, config: MkDocsConfig) -> Options:
        drafts = self.config.drafts or os.environ.get(DRAFTS_ENV, "") not in ("", "0")
        return Options(
            root=Path(config.config_file_path or ".").resolve().parent,
            posts_dir=self.config.posts_dir,
            images_dir=self.config.images_dir,
            registry=self.config.registry,
            drafts=drafts,
            future=self.config.future or drafts,
            per_page=self.config.per_page,
            embeds=tuple(self.config.embeds),
        )

    def plan_redirects(self, options: Options) -> redirects.Plan:
        """Old URLs of moved posts and aliases. The URL record (plan.lock) is written by the
        `build` command once the new site is in place (engine/build.py: record_urls)."""
        assert self.project is not None
        lock_path = options.root / redirects.LOCK
        plan = redirects.plan(list(self.project.index.posts), list(self.project.posts), redirects.read_lock(lock_path))
        if plan.errors:
            raise ContentErrors(plan.errors)
        for warning in plan.warnings:
            log.warning(warning.format())
        return plan

    def publish_photos(self, options: Options) -> gallery.PhotoSet:
        assert self.project is not None
        settings = Settings(widths=tuple(self.config.image_widths), jpeg_quality=self.config.jpeg_quality,
                            webp_quality=self.config.webp_quality)
        every_photo = {p.src for post in self.project.posts for p in post.images}  # drafts' stay cached
        photos = gallery.publish(self.project.index.posts, options.root, options.root / self.config.cache_dir,
                                 settings, keep=every_photo, progress=terminal_progress())
        stats = photos.stats
        if stats.photos:
            log.info(f"Ảnh: {stats.photos} ảnh, xử lý mới {stats.rendered}, "
                     f"dùng lại {stats.photos - stats.rendered} từ bộ nhớ đệm.")
        return photos

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.project is not None and self.photos is not None
        docs = Path(config.docs_dir).name
        # The site's hand-written files, before a generated file of the same name replaces one.
        self.docs_writes = [(f.dest_uri, Writer(f"tệp '{docs}/{f.src_uri}'", file=f"{docs}/{f.src_uri}", docs=True,
                                                fix="đổi tên hoặc xoá tệp này"))
                            for f in files]
        generated = set()
        for page in self.pages:
            files.append(File.generated(config, page.src_uri, content=page.content))
            generated.add(page.src_uri)
        for uri, path in self.photos.files().items():
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        if self.config.copy_originals:
            root = self.project.options.root
            for src in self.photos.meta:
                files.append(File.generated(config, image_uri(src), abs_src_path=str(root / src)))
        redirect_writers = self._add_redirects(files, config)
        self.feed_folders: set[str] = set()
        if config.site_url:
            self._add_feeds_and_robots(files, config)
        for uri in (CSS, JS):
            files.append(File.generated(config, uri, abs_src_path=str(ASSETS / Path(uri).name)))
        files.append(File.generated(config, SEARCH_JS, content=search.script()))
        self._check_outputs(files, config, redirect_writers)
        if self.config.navigation:
            # Sections only, never every post: each page's HTML carries the whole nav.
            own = config.nav or [f.src_uri for f in files.documentation_pages()
                                 if f.src_uri not in generated]
            assert self.renderer is not None
            config.nav = self.renderer.nav() + list(own)
        self._report_hidden()
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.in_nav = {page.file.src_uri for page in nav.pages}
        self.nav_targets = {}
        self.fragments = {}

        def walk(items) -> None:
            for item in items:
                if isinstance(item, Section):
                    walk(item.children)
                elif isinstance(item, Link) or getattr(item, "url", None) is not None:
                    url = item.url or ""
                    if "://" not in url and not url.startswith(("/", "#")):
                        self.nav_targets.setdefault(url.split("/", 1)[0], []).append(url)
        walk(nav.items)
        if self.command == "serve":  # pages are read right after this event
            overrides = [str(PACKAGE / "theme")] + ([config.theme.custom_dir] if config.theme.custom_dir else [])
            self.reuse.start(config, files, nav, [__version__, sorted(self.feed_folders)], overrides)
        return nav

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        # "material/partials/x.html" names the theme's own partial, below bantin's override of it.
        ours = str(PACKAGE / "theme")
        below = [d for d in config.theme.dirs[config.theme.dirs.index(ours) + 1:]] if ours in config.theme.dirs else []
        assert env.loader is not None
        env.loader = jinja2.ChoiceLoader([env.loader, jinja2.PrefixLoader({"material": jinja2.FileSystemLoader(below)})])
        env.globals["bantin_urls"] = {"search": urls.page_url(urls.SEARCH)}
        self.env = env
        if self.unsafe:  # every page is converted by now, and none is written yet
            _fail(self.unsafe)
        return env

    def on_page_context(self, context, *, page, config: MkDocsConfig, nav: Navigation):
        """Give pages outside the navigation its HTML rendered once per set of identical links."""
        if self.env is None or page.file.src_uri in self.in_nav or page.meta.get("template") == REUSED \
                or "toc.integrate" in (config.theme.get("features") or ()):
            return context
        url = page.url
        first = url.split("/", 1)[0]
        same = self.nav_targets.get(first, ())
        folder = url.rpartition("/")[0] if "." in url.rpartition("/")[2] else url
        key = (folder.count("/") if folder.endswith("/") else folder.count("/") + bool(folder),
               first if same else "", tuple(get_relative_url(t, url) for t in same))
        for name in ("nav", "tabs"):
            html = self.fragments.get((name, key))
            if html is None:
                template = self.env.get_template("bantin/fragment.html")
                html = self.fragments[(name, key)] = template.render({**context, "bantin_partial": f"{name}.html"})
            context[f"bantin_{name}"] = html
        return context

    def _add_redirects(self, files: Files, config: MkDocsConfig) -> dict[str, Writer]:
        """Redirect pages for old URLs and aliases, and who asked for each (see _check_outputs)."""
        assert self.redirects is not None
        site_url = (config.site_url or "").rstrip("/") + "/" if config.site_url else ""
        writers = {}
        for url, post in self.redirects.redirects.items():
            writers[redirects.target_file(url)] = redirect_writer(url, post, redirects.LOCK)
            files.append(File.generated(config, redirects.target_file(url),
                                        content=redirects.redirect_page(url, post, site_url)))
        for url in self.redirects.gone:  # a page saying a post was removed: only where nothing else is
            path = redirects.target_file(url)
            if files.get_file_from_path(path) is None and files.get_file_from_path(path[:-len("index.html")] + "index.md") is None:
                files.append(File.generated(config, path, content=redirects.gone_page(url)))
                writers[path] = Writer(f"trang báo bài đã gỡ ở '/{url}'")
        return writers

    def _check_outputs(self, files: Files, config: MkDocsConfig, redirect_writers: dict[str, Writer]) -> None:
        """Every path written once, by one writer, before anything is written (see outputs.py)."""
        assert self.photos is not None
        writes: list[tuple[str, Writer]] = []
        for src, meta in self.photos.meta.items():
            who = Writer(f"ảnh '{src}'", file=src, editor=True, fix="đổi tên một trong hai tệp ảnh")
            writes += [(rendition_uri(src, r), who) for r in meta.renditions]
            if self.config.copy_originals:
                writes.append((image_uri(src), who))
        assert self.project is not None
        posts = {post.src_uri: post for post in self.project.index.posts}
        for f in files:
            if f.src_uri in redirect_writers:
                writes.append((f.dest_uri, redirect_writers[f.src_uri]))
            elif f.src_uri in posts:
                writes.append((f.dest_uri, Writer(f"bài '{posts[f.src_uri].path}'", file=posts[f.src_uri].path)))
            elif f.generated_by is None:
                continue  # counted below, as they were before bantin's files joined them
            elif not f.src_uri.startswith("anh/"):  # renditions are counted above, with their photo
                shown = f"trang '/{f.url.removeprefix('./')}'" if f.is_documentation_page() else f"tệp '{f.dest_uri}'"
                writes.append((f.dest_uri, Writer(f"{shown} do bantin tạo")))
        writes += self.docs_writes
        places = reserved(config.theme.static_templates, search=SEARCH_INDEX if self.config.search else
                          "search" if "material/search" in config.plugins else None)
        problems = clashes(writes, places)
        if problems:
            _fail(problems)

    def _add_feeds_and_robots(self, files: Files, config: MkDocsConfig) -> None:
        assert self.project is not None and self.photos is not None and config.site_url
        site_url = config.site_url.rstrip("/") + "/"
        photos = self.photos

        def image_of(post) -> tuple[str, int]:
            found = seo.picture(post, photos, site_url)
            return (found.url, found.bytes) if found else ("", 0)

        feeds = site_feeds(self.project, site_url, config.site_name, config.site_description or "", image_of)
        for folder, feed in feeds.items():
            files.append(File.generated(config, folder + "feed.xml", content=rss(feed)))
            files.append(File.generated(config, folder + "atom.xml", content=atom(feed)))
        self.feed_folders = set(feeds)
        files.append(File.generated(config, "robots.txt",
                                    content=f"User-agent: *\nAllow: /\n\nSitemap: {site_url}sitemap.xml\n"))

    def _head(self, page, post, config: MkDocsConfig) -> None:
        """Feeds, social cards and JSON-LD for the page's <head> (see theme/main.html)."""
        site_url = (config.site_url or "").rstrip("/") + "/"
        folder = page.file.src_uri.rsplit("index.md", 1)[0] if page.file.src_uri.endswith("index.md") else None
        feeds = [""] + ([folder] if folder and folder in self.feed_folders else [])
        if config.site_url:
            page.meta["bantin_feeds"] = [
                {"href": f + name, "type": kind, "title": f"{label} – {page.title if f else config.site_name}"}
                for f in dict.fromkeys(feeds) for name, kind, label in (
                    ("feed.xml", "application/rss+xml", "RSS"), ("atom.xml", "application/atom+xml", "Atom"))
            ]
        assert self.project is not None and self.photos is not None
        agency = self.project.registry.agencies[post.agency] if post else None
        page.meta["bantin_seo"] = seo.head(post, agency, self.photos, site_url if config.site_url else "",
                                           config.site_name)
        if post is not None:
            page.update_date = post.date.date().isoformat()  # sitemap <lastmod>

    def on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
        post = self.posts_by_uri.get(page.file.src_uri)
        ctx = self.page
        ctx.page_uri = page.file.src_uri if page.file.generated_by else ""  # docs/ pages are left alone
        ctx.page_url = page.url
        ctx.source = post.path if post else None
        ctx.gallery = post.slug if post else ""
        ctx.site_has = lambda uri: files.get_file_from_path(uri) is not None
        ctx.broken = []
        if page.file.generated_by:
            self._head(page, post, config)
        if page.file.generated_by and not (post and post.images):
            # No lightbox to set up: spares mkdocs-glightbox's parse of every index page.
            page.meta.setdefault("glightbox", False)
        uri = page.file.src_uri
        if self.command == "serve" and uri not in self.in_nav:
            assert self.photos is not None
            photos = [(p.src, self.photos.meta.get(p.src)) for p in post.images] if post else []
            if self.reuse.consider(page, markdown, self.html.get(uri), photos):
                return ""  # unchanged since the last rebuild: its HTML is put back in on_post_page
        if uri in self.html:
            return ""  # the body is HTML already (see on_page_content): nothing to convert
        return markdown

    def on_page_content(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        for href, target in self.page.broken:
            log.warning(f"{self.page.source}: liên kết '{href}' trỏ tới '{target}', "
                        "không phải một bài viết đã đăng (sai tên tệp, hoặc bài nháp)")
        self.page.broken = []
        if page.meta.get("template") == REUSED:
            return ""
        post = self.posts_by_uri.get(page.file.src_uri)
        if post is not None and might_have_markup(post.body):
            # The post's markup was checked when it was read; this is what this site's own
            # Markdown extensions made of it, checked again before anything is written.
            self.unsafe += [ContentError(post.path, locate(post.body, f.needle, post.body_line), "nội dung",
                                         f.message, f.hint, f.what)
                            for f in unsafe_markup(html, embeds=self.config.embeds, lightbox=True)]
        return self.html.get(page.file.src_uri, html)

    @event_priority(-100)  # after every other plugin: the page as it is written
    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        if self.config.compact_html and page.meta.get("template") != REUSED:
            output = compact_html(output)
        return self.reuse.output(page, output) if self.command == "serve" else output

    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        return compact_html(output) if self.config.compact_html and template_name.endswith(".html") else output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.project is not None
        if self.command == "serve":
            self.reuse.stop()
            if self.reuse.enabled:
                log.info(f"Dựng lại {self.reuse.rendered} trang, dùng lại {self.reuse.reused} trang không đổi.")
        if self.config.search:
            out = Path(config.site_dir) / SEARCH_INDEX
            shutil.rmtree(out, ignore_errors=True)
            out.parent.mkdir(parents=True, exist_ok=True)
            cache = self.project.options.root / self.config.cache_dir / "search"
            if search.build_cached(self.project, out, cache):
                log.debug("Chỉ mục tìm kiếm không đổi: dùng lại từ bộ nhớ đệm.")
        if self.command == "build":
            problem = site_size_problem(*folder_size(config.site_dir))
            if problem is not None:
                log.warning(problem.format())

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        assert self.project is not None
        options = self.project.options
        for path in (options.posts_path, options.registry_path, options.root / options.images_dir):
            if path.exists():
                server.watch(str(path))
        return server

    def _report_hidden(self) -> None:
        assert self.project is not None
        hidden = self.project.hidden
        if hidden.get("draft"):
            log.info(f"Bỏ qua {hidden['draft']} bài nháp (draft: true); dùng 'bantin serve --drafts' để xem.")
        if hidden.get("future"):
            log.info(f"Bỏ qua {hidden['future']} bài có ngày đăng trong tương lai.")


def _checked(step, options: Options):
    try:
        return step(options)
    except ContentErrors as exc:
        _fail(exc.errors)


def _fail(errors: list[ContentError]):
    """Log every problem (errors and warnings) in Vietnamese and stop the build."""
    for error in sorted(errors, key=lambda e: (e.path, e.line or 0)):
        (log.warning if error.warning else log.error)(error.format())
    raise PluginError(f"Không xây dựng được trang. {summary_line(errors)}") from None




def _configure_markdown(config: MkDocsConfig, context: PageContext) -> None:
    for name in ("toc", "attr_list", "md_in_html"):
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
    # ASCII heading anchors: Markdown's default slugify drops "Đ" entirely.
    toc = config.mdx_configs.setdefault("toc", {})
    toc.setdefault("slugify", heading_slugify)
    toc.setdefault("permalink_title", "Liên kết tới mục này")
    config.markdown_extensions.append(BantinMarkdown(context))


def _add_theme_overrides(config: MkDocsConfig) -> None:
    """Put bantin's templates just above the theme's own (a user's custom_dir still wins)."""
    ours = str(PACKAGE / "theme")
    dirs = config.theme.dirs
    if ours not in dirs:
        position = 1 if config.theme.custom_dir else 0
        dirs.insert(position, ours)
