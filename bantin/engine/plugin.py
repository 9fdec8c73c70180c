"""The MkDocs plugin: a thin adapter from MkDocs' events to bantin's core modules.

Each event hands its work to a module: the options (engine/options.py), the files bantin adds
and the one-writer check (engine/files.py), the theme and the navigation rendered once
(engine/theme.py), Markdown (engine/markdown.py), page reuse under `serve` (engine/reuse.py),
a post's onward reading put in after its Markdown is converted (site/onward.py);
the content itself comes from the model and site layers. The class is long only because MkDocs
has many events: each method is the event's few lines.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from types import MethodType

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from bantin import __version__
from bantin.engine import bodies, forked, front, quick
from bantin.engine.files import CSS, JS, SEARCH_JS, SiteFiles
from bantin.engine.markdown import BantinMarkdown, PageContext
from bantin.engine.options import BantinConfig
from bantin.engine.reuse import TEMPLATE as REUSED
from bantin.engine.reuse import RenderCache
from bantin.engine.split import PageSplit
from bantin.engine.theme import NavFragments, add_overrides, overrides, set_lastmod, valid_markup, with_material_prefix
from bantin.model import post_cache, urls
from bantin.model.errors import ContentError, ContentErrors, summary_line
from bantin.model.markup import locate, might_have_markup, unsafe_markup
from bantin.model.post_cache import PostCache
from bantin.model.project import Options, Project, load_project
from bantin.model.settings import DEFAULTS, Settings, settings_from
from bantin.model.slugs import heading_slugify
from bantin.model.urls import SEARCH_INDEX, image_uri, rendition_uri
from bantin.site import bulletin, bulletin_pdf, hosting, onward, redirects, search, seo
from bantin.site.compact import compact_html
from bantin.site.page_data import nav_owner
from bantin.site.page_store import PageStore, pack_text, tree_digest, unpack_text
from bantin.site.page_store import digest as store_digest
from bantin.site.pages import Bulletins, Renderer, sitemap_date
from bantin.site.photos import gallery, social
from bantin.site.photos.process import terminal_progress
from bantin.site.photos.renditions import Settings as Renditions
from bantin.site.templates import TEMPLATES, Templates
from bantin.tools.check import folder_size, photo_problems, site_size_problem

log = get_plugin_logger(__name__)
PAGE_STORE = "page-sources.bin"  # in cache_dir: generated pages' sources (site/page_store.py)
FORMER_PAGE_STORE = "page-sources.json.z"  # its JSON form, before store format 3: removed when the store is written
EMBLEM_TYPES = (".png", ".svg", ".webp", ".jpg", ".jpeg")  # what a browser shows in an <img>


class BantinPlugin(BasePlugin[BantinConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.project: Project | None = None
        self.photos: gallery.PhotoSet | None = None
        self.page = PageContext()
        self.posts_by_uri: dict = {}
        self.pages: list = []
        self.html: dict[str, str] = {}  # pages bantin writes as HTML: source URI → body (the preview's)
        # `build`'s: each compressed (pack_text) until its page is read, as every page is made before the first is read
        self.packed_html: dict[str, bytes] = {}
        self._given: tuple[str, bytes] | None = None  # the last page's body from packed_html, and its packing
        # bantin's pages read by on_page_read_source: source URI → (their meta, their Markdown)
        self.front_read: dict[str, tuple[dict, str]] = {}
        # `build`: each page's body, compressed, from its reading to its turn in the loop (_park)
        self.parked: dict[str, bytes] = {}
        self.onward: dict[str, str] = {}  # posts' onward reading, put in after conversion: source URI → HTML
        self.lastmod: dict[str, str] = {}  # generated pages' sitemap dates: source URI → YYYY-MM-DD or ""
        self.renderer: Renderer | None = None
        self.command = "build"
        self.redirects: redirects.Plan | None = None
        self.env: jinja2.Environment | None = None
        self.nav = NavFragments()
        self.files: SiteFiles | None = None
        self.posts_read: PostCache | None = None  # parsed posts: between `serve` rebuilds, and builds (the cache)
        self.reuse = RenderCache()  # pages kept between `serve` rebuilds (this instance outlives them)
        self.unsafe: list[ContentError] = []  # markup found in rendered posts (see on_page_content)
        self.settings: Settings = DEFAULTS  # this build's options (on_config), as every command reads them
        self.social: social.SocialSet | None = None  # what pages without a photo share
        self.emblem: tuple[str, Path] | None = None  # the masthead's image: (site URI, file)
        self.bulletins: Bulletins | None = None  # the monthly issues (site/bulletin.py)
        self.pdfs: dict[str, Path] = {}  # their PDFs: site URI → cached file
        self.masthead = bulletin.Masthead("")  # the site's name, emblem and publisher (on_config)
        self.workers: int | None = None  # `bantin build --workers N` (engine/build.py: load_config)
        self.bodies: dict[str, bodies.Body] = {}  # posts' bodies rendered ahead (engine/bodies.py)
        self.using: dict[str, bodies.Body] = {}  # pages whose body is put in by on_page_content
        self.body_cache: bodies.BodyCache | None = None
        self.pages_kept: Path | None = None  # where the build cache keeps whole pages (engine/reuse.py)
        self.page_store: PageStore | None = None  # generated pages' sources kept between builds (site/page_store.py)
        self.page_store_path: Path | None = None
        # The preview's quick path (engine/quick.py): what the last build read and was made of.
        self.watched: list[Path] = []
        self.inputs: quick.Snapshot = {}
        self.built: tuple[Files, Navigation] | None = None
        self.quick_state: quick.State | None = None
        self.search_jobs = quick.Search()
        self.search_child: forked.Child | None = None  # `build`: the search index, made beside the pages
        self.split = PageSplit()  # `build`: MkDocs' page loop shared with a child process (engine/split.py)
        self.sources_kept = False  # that child kept the bodies and page sources for the next build
        self.posts_to_keep: PostCache | None = None  # `build`: the parsed posts, kept with the sources
        self.quick_remade = 0  # posts' pages the last quick rebuild made again (engine/quick.py)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.unsafe = []
        # Before MkDocs empties the site: a search index the preview is still making (in a child
        # process, engine/quick.py: Search) is out of date: its process is ended, and nothing may
        # be put into the site while it is emptied and written.
        self.search_jobs.newer()

    def on_build_error(self, *, error: Exception) -> None:
        self.stop_children()

    def stop_children(self) -> None:
        """A failed or interrupted build: the processes working beside it are ended."""
        self.split.stop()
        self._stop_search_child()

    def on_shutdown(self) -> None:
        self.search_jobs.close()  # the preview's scratch folder (engine/quick.py: Search)
        if self.command == "serve" and self.posts_read is not None:
            with contextlib.suppress(OSError):  # the next build reads the posts again, no harm
                self.posts_read.save()  # the preview's last posts, for the next build

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.search_jobs.close()
        self.search_jobs = quick.Search()
        self.bodies, self.using, self.body_cache, self.pages_kept = {}, {}, None, None  # an earlier build's
        self.posts_read = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Validate and process photos now: MkDocs empties site_dir right after this event.
        self.settings = settings_from(self.config)
        self.quick_state, self.watched, self.parked = None, [], {}
        if self.command == "serve":  # what this build reads, as it is before reading it (engine/quick.py)
            self.watched = self.watched_paths(config)
            self.inputs = quick.snapshot(self.watched)
        mismatch = hosting.domain_mismatch(config.site_url, self.settings.cname)
        if mismatch and self.command != "serve":  # serve puts its own address in site_url
            log.warning(mismatch)
        options = self.options(config)
        self.project = _checked(self._load_project, options)
        for warning in self.project.warnings:
            log.warning(warning.format())
        self.redirects = _checked(self.plan_redirects, options)
        self.photos = _checked(self.publish_photos, options)
        self._start_search_child(options)  # it needs the posts and their photos, nothing made after
        self.social = _checked(lambda o: self.publish_social(o, config), options)
        self.emblem = _checked(lambda o: self.find_emblem(o, config), options)
        self.masthead = bulletin.Masthead(config.site_name, self.emblem[0] if self.emblem else "", self.settings.publisher)
        self.bulletins = self.plan_bulletins(config)
        self.page_store = self._load_page_store(config)
        self.renderer = self.make_renderer(self.project, config)
        self.pdfs = self.publish_pdfs(options) if self.bulletins and self.bulletins.pdf else {}
        self.pages = list(self.renderer.pages())
        made = {page.src_uri: page.html for page in self.pages if page.html is not None}
        self.html, self.packed_html = ({}, {uri: pack_text(html) for uri, html in made.items()}) \
            if self.command == "build" else (made, {})
        del made
        self.onward = {page.src_uri: page.onward for page in self.pages if page.onward}
        self.lastmod = {page.src_uri: page.lastmod for page in self.pages}
        if self.command == "build":  # none is asked for again (the preview's next renderer starts from them)
            self.renderer.let_go()
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
        add_overrides(config)
        self._add_assets(config)
        return config

    def _start_search_child(self, options: Options) -> None:
        """`build`, with more than one worker: the search index is made in a child process while
        MkDocs renders the pages (engine/forked.py); on_post_build takes it."""
        self._stop_search_child()
        if (self.command != "build" or not self.settings.search or not forked.can_fork()
                or bodies.worker_count(self.settings.workers, self.workers) < 2):
            return

        def work(folder: Path) -> None:
            if self.write_search(folder / "index"):
                (folder / "reused").touch()

        near = options.root / self.settings.cache_dir / "tmp"
        try:
            near.mkdir(parents=True, exist_ok=True)
            folder = Path(tempfile.mkdtemp(prefix=".bantin-child-", dir=near))
        except OSError as exc:  # no folder to spare: on_post_build makes it itself, and says why if it fails
            log.debug(f"Chỉ mục tìm kiếm sẽ được tạo sau các trang ({exc}).")
            return
        try:  # not a daemon: the index's analyses use a pool of workers of their own
            self.search_child = forked.Child.fork(work, folder, daemon=False)
        except OSError as exc:  # no process to spare: on_post_build makes it itself
            shutil.rmtree(folder, ignore_errors=True)
            log.debug(f"Chỉ mục tìm kiếm sẽ được tạo sau các trang ({exc}).")

    def _stop_search_child(self) -> None:
        """A child still making the index is ended (its staging folders removed as it unwinds)."""
        child, self.search_child = self.search_child, None
        if child is not None:
            child.end()

    def _search_from_child(self, out: Path) -> bool | None:
        """The index the child made, moved to `out` (True: reused from the cache); None when there
        is no child or it failed (said in the debug log: the caller makes the index itself)."""
        child, self.search_child = self.search_child, None
        if child is None:
            return None
        try:
            child.succeeded(threading.Lock())
            shutil.move(child.folder / "index", out)
            log.debug("Chỉ mục tìm kiếm: tạo trong một tiến trình riêng, cùng lúc với các trang.")
            return (child.folder / "reused").exists()
        except forked.ChildFailed as exc:
            log.debug(f"Tiến trình tạo chỉ mục tìm kiếm không xong ({exc}): tạo lại sau các trang.")
            return None
        finally:
            shutil.rmtree(child.folder, ignore_errors=True)

    def make_renderer(self, project: Project, config: MkDocsConfig, previous: Renderer | None = None) -> Renderer:
        """The pages' renderer for `project` (on_config; the preview's quick path, engine/quick.py,
        with the `previous` one, whose unchanged list pages it takes)."""
        assert self.photos is not None
        # A site overrides bantin's page templates the way it overrides the theme's: in custom_dir.
        overrides = [config.theme.custom_dir] if config.theme.custom_dir else []
        return Renderer(project, photo=self.photos.meta.get, directory_urls=config.use_directory_urls,
                        templates=Templates(overrides), site_url=config.site_url or "", bulletins=self.bulletins,
                        previous=previous, store=self.page_store if previous is None else None)

    def _load_page_store(self, config: MkDocsConfig) -> PageStore | None:
        """`build` with its cache: the generated pages a previous build kept, for the same site-wide
        inputs (site/page_store.py says which)."""
        self.page_store_path = None
        if self.command != "build" or not self.settings.render_cache:
            return None
        assert self.project is not None and self.photos is not None
        overrides = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        context = store_digest(__version__, repr(self.project.registry), repr(self.project.options), repr(self.settings),
                               config.site_url, config.site_name, config.use_directory_urls, repr(self.bulletins),
                               sorted((src, repr(meta)) for src, meta in self.photos.meta.items()),
                               tree_digest([TEMPLATES, *overrides]))
        prefix = "" if config.use_directory_urls else bodies.FOR_DISK
        self.page_store_path = self.project.options.root / self.settings.cache_dir / (prefix + PAGE_STORE)
        return PageStore.load(self.page_store_path, context)

    def _load_project(self, options: Options) -> Project:
        first = self.posts_read is None
        if self.posts_read is None:  # the build cache's posts (model/post_cache.py); the preview's stay in memory
            kept = options.root / self.settings.cache_dir / post_cache.CACHE_FILE
            self.posts_read = PostCache(kept if self.settings.render_cache else None)
            self.posts_read.load()
        try:
            project = load_project(options, cache=self.posts_read)
        except ContentErrors as exc:  # every problem in one run: the photos of the posts read too
            raise ContentErrors(exc.errors + photo_problems(exc.posts, options)) from None
        if self.command != "serve":  # kept with the pages' sources, off the build's way (_keep_sources)
            self.posts_to_keep = self.posts_read
        elif first:  # the preview saves its last posts when it stops
            self.posts_read.save()
        return project

    def _add_assets(self, config: MkDocsConfig) -> None:
        if CSS not in config.extra_css:
            config.extra_css.append(CSS)
        scripts = [str(script) for script in config.extra_javascript]
        for uri in (JS, SEARCH_JS) if self.settings.search else (JS,):
            if uri not in scripts:
                script = c.ExtraScriptValue(uri)
                script.defer = True
                config.extra_javascript.append(script)
        if "material/search" in config.plugins and self.settings.search:
            # One search for readers: bantin's. Material's would also write the full text of
            # every post into one file that each reader downloads before the first result.
            config.plugins["material/search"].config.enabled = False

    def watched_paths(self, config: MkDocsConfig) -> list[Path]:
        """Every input of the site: mkdocs.yml, the registry, posts, photos, docs/, theme overrides."""
        options = self.options(config)
        paths = [Path(config.config_file_path)] if config.config_file_path else []
        paths += [options.registry_path, options.posts_path, options.root / options.images_dir, Path(config.docs_dir)]
        paths += [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
        paths += [Path(item) for item in config.watch]
        return paths

    def options(self, config: MkDocsConfig) -> Options:
        return self.settings.options(Path(config.config_file_path or ".").resolve().parent)

    def plan_redirects(self, options: Options) -> redirects.Plan:
        """Old URLs of moved posts and aliases. The URL record (plan.lock) is written by the
        `build` command once the new site is in place (engine/build.py: record_urls)."""
        assert self.project is not None
        lock_path = options.root / redirects.LOCK
        plan = redirects.plan(list(self.project.index.posts), list(self.project.posts), redirects.read_lock(lock_path),
                              unread=self.project.unfinished_files)
        if plan.errors:
            raise ContentErrors(plan.errors)
        for warning in plan.warnings:
            log.warning(warning.format())
        return plan

    def publish_photos(self, options: Options) -> gallery.PhotoSet:
        assert self.project is not None
        renditions = Renditions(widths=self.settings.image_widths, jpeg_quality=self.settings.jpeg_quality,
                                webp_quality=self.settings.webp_quality)
        every_photo = {p.src for post in self.project.posts for p in post.images}  # drafts' stay cached
        photos = gallery.publish(self.project.index.posts, options.root, options.root / self.settings.cache_dir,
                                 renditions, keep=every_photo, progress=terminal_progress())
        stats = photos.stats
        if stats.photos:
            log.info(f"Ảnh: {stats.photos} ảnh, xử lý mới {stats.rendered}, "
                     f"dùng lại {stats.photos - stats.rendered} từ bộ nhớ đệm.")
        return photos

    def publish_social(self, options: Options, config: MkDocsConfig) -> social.SocialSet:
        """The site's default social image (`social_image`, or drawn from the site name) and the
        agencies' emblems (registry.yml)."""
        assert self.project is not None
        where = Path(config.config_file_path or "mkdocs.yml").name
        registry = options.registry_path.name
        chosen = self.settings.social_image
        image = options.root / chosen if chosen else None
        problems = []
        if image is not None and not image.is_file():
            problems.append(ContentError(where, None, "social_image", f"không có tệp ảnh '{chosen}'",
                                         "ghi đường dẫn ảnh tính từ thư mục chứa mkdocs.yml, "
                                         "ví dụ images/bieu-trung.png", chosen))
        emblems = {a.key: options.root / a.emblem for a in self.project.registry.agencies.values() if a.emblem}
        problems += [ContentError(registry, None, f"agencies.{key}.emblem", f"không có tệp ảnh '{path.name}'",
                                  "ghi đường dẫn ảnh tính từ thư mục chứa mkdocs.yml, ví dụ "
                                  "images/bieu-trung/so-cong-thuong.png", str(path.relative_to(options.root)))
                     for key, path in emblems.items() if not path.is_file()]
        if problems:
            raise ContentErrors(problems)
        try:
            return social.publish(config.site_name, social.primary_colour(config.theme.get("palette")),
                                  options.root / self.settings.cache_dir / "social",
                                  Renditions(widths=self.settings.image_widths), image=image, emblems=emblems)
        except social.BadImage as exc:
            bad = exc
        rel = bad.path.relative_to(options.root).as_posix()  # reported outside the handler (see social.py)
        field = "social_image" if bad.path == image else \
            next(f"agencies.{k}.emblem" for k, p in emblems.items() if p == bad.path)
        raise ContentErrors([ContentError(where if bad.path == image else registry, None, field,
                                          f"ảnh '{rel}': {bad.error.message}", bad.error.hint, rel)])

    def find_emblem(self, options: Options, config: MkDocsConfig) -> tuple[str, Path] | None:
        """The `emblem` option's image, published at assets/bantin/ for the masthead (partials/logo.html)."""
        chosen = self.settings.emblem
        if not chosen:
            return None
        path = options.root / chosen
        if not path.is_file() or path.suffix.lower() not in EMBLEM_TYPES:
            problem = f"không có tệp ảnh '{chosen}'" if not path.is_file() else \
                f"'{chosen}' không phải ảnh {', '.join(EMBLEM_TYPES)}"
            raise ContentErrors([ContentError(Path(config.config_file_path or "mkdocs.yml").name, None, "emblem",
                                              problem, "ghi đường dẫn ảnh tính từ thư mục chứa mkdocs.yml, "
                                              "ví dụ images/bieu-trung.png", chosen)])
        return f"assets/bantin/bieu-trung{path.suffix.lower()}", path

    def plan_bulletins(self, config: MkDocsConfig) -> Bulletins | None:
        """The monthly issues, and whether their PDFs are made: by `build`, where the engine is
        installed. Its absence is said, not a warning: a fresh clone builds with --strict."""
        if not self.settings.bulletin:
            return None
        pdf = False
        if self.settings.bulletin_pdf and self.command == "build":
            problem = bulletin_pdf.engine_problem()
            if problem:
                log.info(problem[0].upper() + problem[1:] + ".")
            pdf = problem is None
        elif self.settings.bulletin_pdf and self.command == "serve":
            log.info("Xem trước không tạo bản PDF của bản tin tháng (chậm): 'bantin build' tạo tất cả, "
                     "'bantin bulletin NĂM-THÁNG' tạo một tháng.")
        return Bulletins(self.masthead, pdf)

    def print_masthead(self) -> bulletin.Masthead:
        """The masthead as the PDF shows it: the emblem inside the HTML (so its digest covers it)."""
        masthead = self.masthead
        emblem = bulletin.data_uri(self.emblem[1]) if self.emblem else ""
        return bulletin.Masthead(masthead.name, emblem, masthead.publisher)

    def publish_pdfs(self, options: Options) -> dict[str, Path]:
        assert self.project is not None and self.photos is not None and self.renderer is not None
        issues = bulletin.issues(self.project.index, self.project.registry)
        stats = bulletin_pdf.publish(issues, self.renderer.templates.render, self.print_masthead(),
                                     self.photos.meta.get, options.root / self.settings.cache_dir)
        if issues:
            log.info(f"Bản tin tháng: {len(issues)} số; tạo mới {stats.made} bản PDF, "
                     f"dùng lại {stats.reused} bản từ bộ nhớ đệm.")
        return stats.files

    def issue_pdf(self, year: int, month: int, options: Options) -> Path:
        """One month's PDF (`bantin bulletin`), through the same cache as the build's."""
        assert self.project is not None and self.photos is not None and self.renderer is not None
        number = bulletin.numbers(self.project.index)[(year, month)]
        issue = bulletin.make_issue(self.project.index, self.project.registry, year, month, number)
        cache = options.root / self.settings.cache_dir
        return bulletin_pdf.cached_issue(self.renderer.templates.render, issue, self.print_masthead(),
                                         self.photos.meta.get, cache)[0]

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.project is not None and self.photos is not None and self.redirects is not None
        generated = {page.src_uri for page in self.pages}
        self.files = SiteFiles(self.project, self.photos, self.settings, self.redirects,
                               (self.social.files if self.social else {}) | self.pdfs)
        problems = self.files.add(files, config, self.pages)
        if problems:
            _fail(problems)
        if self.emblem is not None:
            files.append(File.generated(config, self.emblem[0], abs_src_path=str(self.emblem[1])))
        if self.settings.navigation:
            # Sections only, never every post: each page's HTML carries the whole nav.
            own = config.nav or [f.src_uri for f in files.documentation_pages()
                                 if f.src_uri not in generated]
            assert self.renderer is not None
            config.nav = self.renderer.nav() + list(own)
        self._report_hidden()
        if self.command == "build":  # they are files now; each page's HTML and onward reading wait in html and onward
            self.pages = []
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav.start(nav)
        self.built = (files, nav)
        if self.command == "serve":  # pages are read right after this event
            assert self.files is not None
            self.reuse.start(config, files, nav, [__version__, sorted(self.files.feed_folders)], overrides(config))
        else:
            self._render_bodies(config, files, nav)
        return nav

    @property
    def reusing_pages(self) -> bool:
        """Pages are reused: between `serve` rebuilds, or between builds from the build cache."""
        return self.command == "serve" or self.pages_kept is not None

    def _render_bodies(self, config: MkDocsConfig, files: Files, nav: Navigation) -> None:
        """The posts' bodies, from the build cache or rendered in worker processes (engine/bodies.py),
        before MkDocs' page loop; a one-process build without the cache leaves them to MkDocs."""
        self.bodies, self.using, self.body_cache, self.pages_kept = {}, {}, None, None
        workers = bodies.worker_count(self.settings.workers, self.workers)
        if not (self.settings.render_cache or workers > 1) or not self.reuse.safe(config):
            return
        assert self.project is not None and self.files is not None
        site = bodies.site_key(config)
        ctx = self.page
        today = bodies.Questions(files, ctx.post_uri, ctx.photo, ctx.virtual)
        keys = {}
        for uri, post in self.posts_by_uri.items():
            file = files.get_file_from_path(uri)
            if file is not None:
                keys[uri] = bodies.page_key(site, file, [post.path, post.slug])

        def usable(uri: str, value: dict) -> bool:
            """A kept body of a post with the same key, whose questions get the same answers today."""
            return keys.get(uri) == value.get("key") and today.still(value.get("asked", ()))

        if self.settings.render_cache:
            cache = self.project.options.root / self.settings.cache_dir
            # The site and its archive (`build --zip`) differ in every URL: each keeps its own.
            prefix = "" if config.use_directory_urls else bodies.FOR_DISK
            self.body_cache = bodies.BodyCache(cache, prefix + bodies.CACHE_FILE)
            self.body_cache.load(usable)
            self.pages_kept = cache / (prefix + bodies.PAGES_FILE)
            # The key of every body covers the options as resolved (!ENV values too): so do the pages'.
            self.reuse.start(config, files, nav, [__version__, sorted(self.files.feed_folders), site],
                             overrides(config), every_file=False)
            # From the file, not from memory: MkDocs gives the site's and the archive's builds in one
            # process the same plugin instance, and their pages differ.
            self.reuse.stored = {}
            self.reuse.load(self.pages_kept)
        stored = self.body_cache.bodies if self.body_cache is not None else {}  # the usable ones only
        todo = []
        for uri, key in keys.items():
            old = stored.get(uri)
            if old is not None:
                self.bodies[uri] = old
            else:
                todo.append((uri, key))
        rendered, used = bodies.render(lambda uri, key: self._render_body(config, files, uri, key), todo, workers)
        self.bodies.update(rendered)
        log.debug(f"Nội dung bài: {len(self.posts_by_uri)} bài, dùng lại {len(self.bodies) - len(rendered)} "
                  f"từ bộ nhớ đệm, dựng mới {len(rendered)} trên {used} tiến trình.")

    def _render_body(self, config: MkDocsConfig, files: Files, uri: str, key: str) -> bodies.Body | None:
        """One post's body as MkDocs' page loop would render it (on_page_markdown's context, then
        Page.render), asking the rest of the site through `Questions`; None if it fails (MkDocs
        then renders it, and reports the fault its own way)."""
        file = files.get_file_from_path(uri)
        assert file is not None
        post = self.posts_by_uri[uri]
        ctx = self.page
        saved = (ctx.post_uri, ctx.photo, ctx.virtual, file.page)
        asked = bodies.Questions(files, ctx.post_uri, ctx.photo, ctx.virtual)
        try:
            page = Page(None, file, config)
            page.read_source(config)
            read = self.front_read.pop(uri, None)  # as _meta_back does in MkDocs' loop
            if read is not None:
                page.meta = read[0]
            markdown = page.markdown or ""
            ctx.post_uri, ctx.photo, ctx.virtual = asked.post_uri, asked.photo, asked.virtual()  # type: ignore[assignment]
            ctx.page_uri, ctx.page_url, ctx.source, ctx.gallery = uri, page.url, post.path, post.slug
            ctx.site_has = lambda target: asked.get_file_from_path(target) is not None
            ctx.broken = []
            page.render(config, asked)  # type: ignore[arg-type]
            links = None if page.links_to_anchors is None else \
                {target.src_uri: dict(found) for target, found in page.links_to_anchors.items()}
            return bodies.Body(key, bodies.markdown_digest(markdown), page.content or "", bodies.tokens(page.toc),
                               page._title_from_render, sorted(page.present_anchor_ids or ()), links,
                               [list(b) for b in ctx.broken], [], asked.asked)
        except Exception:  # noqa: BLE001 - MkDocs renders it again and reports the fault
            return None
        finally:
            ctx.post_uri, ctx.photo, ctx.virtual, file.page = saved
            ctx.broken = []

    def _put_body(self, page, files: Files) -> str | None:
        """A body rendered ahead into its page, as Page.render would have left it (engine/bodies.py)."""
        body = self.using.pop(page.file.src_uri, None)
        if body is None:
            return None
        for name, level, message in body.logs:  # in the page's turn: strict mode counts them
            logging.getLogger(name).log(level, message)
        self.page.broken = [(href, target) for href, target in body.broken]
        page.toc = get_toc(body.toc)
        page._title_from_render = body.title
        self._anchors(page, body, files)
        return body.content

    @staticmethod
    def _anchors(page, body: bodies.Body, files: Files) -> None:
        """What MkDocs checks links to anchors with, after every page is read."""
        page.present_anchor_ids = set(body.anchors)
        if body.links is not None:
            page.links_to_anchors = {files.get_file_from_path(uri): dict(found) for uri, found in body.links.items()}

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        with_material_prefix(env, config)
        env.globals["bantin_emblem"] = self.emblem[0] if self.emblem else ""
        env.globals["bantin_urls"] = {"search": urls.page_url(urls.SEARCH, config.use_directory_urls), "query": urls.SEARCH_PARAMS["query"]}
        self.env = env
        if self.unsafe:  # every page is converted by now, and none is written yet
            _fail(self.unsafe)
        self._arm_split(env, config, files)
        return env

    def _arm_split(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> None:
        """`build`, with more than one worker: MkDocs' page loop is shared with a child process
        (engine/split.py), which writes the later pages and sends back what the build keeps."""
        from mkdocs.commands.build import _build_page
        from mkdocs.structure.files import InclusionLevel

        self.split.stop()
        self.sources_kept = False
        if (self.command != "build" or self.built is None or not forked.can_fork() or not self.reuse.safe(config)
                or bodies.worker_count(self.settings.workers, self.workers) < 2):
            return
        assert self.project is not None
        nav = self.built[1]
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)  # as MkDocs' loop has them
        reuse = self.reuse
        before = reuse.rendered, reuse.reused  # the child's own count is what it adds

        def build(page) -> None:
            _build_page(page, config, doc_files, nav, env, False, excluded=page.file.inclusion.is_excluded())

        def finish(uris: set[str]) -> tuple[dict, int, int]:
            """In the child: the bodies and page sources kept for the next build (all known by now,
            and written here while the parent writes its pages), then the pages it rendered for
            the build cache, and how many it rendered and reused."""
            self._keep_sources()
            return ({uri: reuse.next[uri] for uri in uris if uri in reuse.next},
                    reuse.rendered - before[0], reuse.reused - before[1])

        near = self.project.options.root / self.settings.cache_dir / "tmp"
        try:
            near.mkdir(parents=True, exist_ok=True)
            folder = Path(tempfile.mkdtemp(prefix=".bantin-pages-", dir=near))
        except OSError as exc:  # no folder to spare: this process writes every page
            log.debug(f"Các trang được ghi trong một tiến trình ({exc}).")
            return
        pages = [file.page for file in doc_files if file.page is not None]
        # The child keeps the sources too (finish): what writing them costs, in reused pages' worth (profiled).
        extra = (0.03 * len(self.page_store.next) if self.page_store is not None and self.page_store.changed else 0.0) \
            + (0.12 * len(self.bodies) if self.body_cache is not None and not self.body_cache.unchanged(self.bodies)
               else 0.0) + (0.26 * len(self.posts_by_uri) if self.posts_to_keep and self.posts_to_keep.changed else 0.0)
        if len(pages) != len(doc_files) or not self.split.arm(
                pages, lambda page: page.file.src_uri not in reuse.reusing, build, finish, folder, extra):
            shutil.rmtree(folder, ignore_errors=True)

    @event_priority(100)  # before any plugin reads page.content
    def _unpark(self, context, *, page, config: MkDocsConfig, nav: Navigation):
        """The page's body back from _park, as the loop reaches it (not for the child's pages)."""
        self.split.enter(page, config)  # the loop's first page: the child takes the later pages (engine/split.py)
        parked = self.parked.pop(page.file.src_uri, None)
        if parked is not None and not self.split.is_theirs(page):
            page.content = unpack_text(parked)
        return context

    def _on_page_context(self, context, *, page, config: MkDocsConfig, nav: Navigation):
        """Pages outside the navigation get its HTML rendered once per set of identical links."""
        if self.split.is_theirs(page):
            return context
        uri = page.file.src_uri
        post = self.posts_by_uri.get(uri)
        owner = None if uri in self.nav.in_nav else nav_owner(uri, post.agency if post else None,
                                                               self.nav.in_nav.__contains__)
        return self.nav.fill(context, page, config, self.env, owner, expand=post is None)

    on_page_context = CombinedEvent(_unpark, _on_page_context)

    def _head(self, page, post, config: MkDocsConfig) -> None:
        """Feeds, social cards and JSON-LD for the page's <head> (see theme/main.html)."""
        site_url = (config.site_url or "").rstrip("/") + "/"
        folder = page.file.src_uri.rsplit("index.md", 1)[0] if page.file.src_uri.endswith("index.md") else None
        feed_folders = self.files.feed_folders if self.files is not None else set()
        feeds = [""] + ([folder] if folder and folder in feed_folders else [])
        if config.site_url:
            page.meta["bantin_feeds"] = [
                {"href": f + name, "type": kind, "title": f"{label} – {page.title if f else config.site_name}"}
                for f in dict.fromkeys(feeds) for name, kind, label in (
                    (urls.RSS, "application/rss+xml", "RSS"), (urls.ATOM, "application/atom+xml", "Atom"))
            ]
        assert self.project is not None and self.photos is not None
        key = post.agency if post else urls.agency_of(page.file.src_uri)
        agency = self.project.registry.agencies.get(key) if key else None
        page.meta["bantin_seo"] = seo.head(post, agency, self.photos, site_url if config.site_url else "",
                                           config.site_name, self.social)

    def _lastmod(self, page, config: MkDocsConfig) -> None:
        """The page's true date for the sitemap, or none: never the day of the build."""
        if page.file.generated_by:
            day = self.lastmod.get(page.file.src_uri, "")
        else:  # a hand-written page: the date it declares (git history would depend on the clone)
            day, problem = sitemap_date(page.meta)
            if problem:
                log.warning(f"{Path(config.docs_dir).name}/{page.file.src_uri}: {problem}")
        set_lastmod(page, day)

    def on_page_read_source(self, *, page, config: MkDocsConfig) -> str | None:
        """bantin's pages: their Markdown without the front matter, whose values engine/front.py
        reads without YAML; _meta_back gives them to the page."""
        file = page.file
        if file.generated_by != "bantin" or file.abs_src_path is not None:
            return None
        found = front.split(file.content_string)
        if found is None:
            return None  # MkDocs reads it as it reads any page
        self.front_read[file.src_uri] = found
        return front.without_front(found[1])

    @event_priority(100)  # before any plugin reads page.meta (Material's meta plugin: 50)
    def _meta_back(self, markdown: str, *, page, config: MkDocsConfig, files: Files) -> None:
        """The meta of a page on_page_read_source read, as MkDocs' YAML reading would have set it."""
        found = self.front_read.pop(page.file.src_uri, None)
        if found is not None and not page.meta and markdown == found[1]:
            page.meta = found[0]

    def _on_page_markdown(self, markdown: str, *, page, config: MkDocsConfig, files: Files) -> str:
        markdown = self._page_markdown(markdown, page, config, files)
        if markdown == "":  # its HTML is known (reused, bantin's, rendered ahead): no Markdown converter to build
            page.render = MethodType(_render_empty, page)
        return markdown

    on_page_markdown = CombinedEvent(_meta_back, _on_page_markdown)

    def _page_markdown(self, markdown: str, page, config: MkDocsConfig, files: Files) -> str:
        post = self.posts_by_uri.get(page.file.src_uri)
        ctx = self.page
        ctx.page_uri = page.file.src_uri if page.file.generated_by else ""  # docs/ pages are left alone
        ctx.page_url = page.url
        ctx.source = post.path if post else None
        ctx.gallery = post.slug if post else ""
        ctx.site_has = lambda uri: files.get_file_from_path(uri) is not None
        ctx.broken = []
        self._lastmod(page, config)
        self._head(page, post, config)  # hand-written pages share the site's picture too
        if page.file.generated_by and not (post and post.images):
            # No lightbox to set up: spares mkdocs-glightbox's parse of every index page.
            page.meta.setdefault("glightbox", False)
        uri = page.file.src_uri
        body = self.bodies.get(uri)
        if body is not None and body.markdown != bodies.markdown_digest(markdown):
            body = None  # another plugin changed the Markdown: MkDocs renders it
        # Between builds, only pages whose whole input is known here: posts rendered ahead, HTML pages.
        packed = self.packed_html.get(uri)
        as_html = packed is not None or uri in self.html
        known = self.command == "serve" or body is not None or as_html
        if self.reusing_pages and uri not in self.nav.in_nav and known:
            assert self.photos is not None
            photos = [(p.src, self.photos.meta.get(p.src)) for p in post.images] if post else []
            # A post's body depends on other files too: its digest stands for them (engine/bodies.py).
            rendered = [bodies.markdown_digest(body.content), body.toc, body.title] if body is not None else None
            # Its onward reading is not in its Markdown (site/onward.py): the page's key has it.
            # A body kept packed stands in the key by its digest (equal bodies pack to equal bytes).
            html = self.html.get(uri) if packed is None else hashlib.blake2b(packed, digest_size=16).hexdigest()
            if self.reuse.consider(page, markdown, html, photos, rendered, self.onward.get(uri)):
                if body is not None:
                    self._anchors(page, body, files)
                return ""  # unchanged since the last rebuild: its HTML is put back in on_post_page
        if as_html:
            return ""  # the body is HTML already (see on_page_content): nothing to convert
        if body is not None:
            self.using[uri] = body
            return ""  # rendered ahead (engine/bodies.py): put in by on_page_content
        return markdown

    def _on_page_content(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        uri = page.file.src_uri
        if self.command == "build":  # read once per page: let go once given (the preview's quick path reads them again)
            packed, more = self.packed_html.pop(uri, None), self.onward.pop(uri, "")
            known = None if packed is None else unpack_text(packed)
            self._given = None if known is None or packed is None else (known, packed)
        else:
            known, more = self.html.get(uri), self.onward.get(uri, "")
        ahead = self._put_body(page, files)
        html = html if ahead is None else ahead
        for href, target in self.page.broken:
            log.warning(f"{self.page.source}: liên kết '{href}' trỏ tới '{target}', "
                        "không phải một bài viết đã đăng (sai tên tệp, hoặc bài nháp)")
        self.page.broken = []
        if page.meta.get("template") == REUSED:
            return ""
        html = onward.put_in(html, more)
        post = self.posts_by_uri.get(uri)
        if post is not None and might_have_markup(post.body):
            # The post's markup was checked when it was read; this is what this site's own
            # Markdown extensions made of it, checked again before anything is written.
            self.unsafe += [ContentError(post.path, locate(post.body, f.needle, post.body_line), "nội dung",
                                         f.message, f.hint, f.what)
                            for f in unsafe_markup(html, embeds=self.settings.embeds, lightbox=True)]
        return html if known is None else known

    @event_priority(-100)  # after every other plugin (mkdocs-glightbox wraps photos at 0): the body as MkDocs keeps it
    def _park(self, html: str, *, page, config: MkDocsConfig, files: Files) -> str:
        """`build`: MkDocs reads every page before it writes the first, so every body would be
        held at once (at 10,000 posts, 650 MB of text); each waits compressed for its turn
        (_unpark), and is dropped once written (on_post_page)."""
        if self.command != "build" or not html:
            return html
        given, self._given = self._given, None
        # bantin's own body, as no plugin changed it: packed already
        self.parked[page.file.src_uri] = given[1] if given is not None and given[0] is html else pack_text(html)
        return ""

    on_page_content = CombinedEvent(_on_page_content, _park)

    @event_priority(-100)  # after every other plugin: the page as it is written
    def on_post_page(self, output: str, *, page, config: MkDocsConfig) -> str:
        if self.command == "build":  # written once this returns, and never read again: 10,000 posts' HTML less held
            page.content = None
        if self.split.is_theirs(page):
            self.split.passed(page)
            return ""  # the child wrote it: MkDocs writes nothing for an empty output
        output = valid_markup(output)
        if self.settings.compact_html and page.meta.get("template") != REUSED:
            output = compact_html(output)
        output = self.reuse.output(page, output) if self.reusing_pages else output
        if self.split.is_last_ours(page):  # this process's share is written: the child's is taken in
            taken = self.split.join()
            if isinstance(taken, tuple):
                kept, rendered, reused = taken
                self.reuse.next.update(kept)
                self.reuse.rendered += rendered
                self.reuse.reused += reused
                self.sources_kept = True
                log.debug(f"Trang: {len(self.split.theirs)} trang cuối được ghi trong một tiến trình riêng.")
            else:
                log.debug(f"Trang: tiến trình riêng không xong ({self.split.failure}), các trang của nó được ghi ở đây.")
        return output

    def on_post_template(self, output: str, *, template_name: str, config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):
            return output
        output = valid_markup(output)
        return compact_html(output) if self.settings.compact_html else output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        assert self.project is not None and self.photos is not None
        self.split.stop()  # joined after this process's last page; nothing is left of it
        self.parked = {}  # (pages MkDocs read but did not write: excluded ones)
        if not self.sources_kept:  # (else the child process that wrote the later pages kept them)
            self._keep_sources()
        self.sources_kept, self.body_cache, self.posts_to_keep = False, None, None
        store, self.page_store = self.page_store, None
        if store is not None and self.page_store_path is not None:
            log.debug(f"Nguồn trang: làm mới {store.made}, dùng lại {store.reused} từ bộ nhớ đệm.")
        if self.pages_kept is not None:
            self.reuse.stop()
            self.reuse.save(self.pages_kept)
            log.debug(f"Trang: dựng {self.reuse.rendered}, dùng lại {self.reuse.reused} từ bộ nhớ đệm.")
            self.pages_kept = None
        if self.command == "serve":
            self.reuse.stop()
            if self.reuse.enabled:
                log.info(f"Dựng lại {self.reuse.rendered} trang, dùng lại {self.reuse.reused} trang không đổi.")
        if self.settings.search:
            site = Path(config.site_dir)
            out = site / SEARCH_INDEX
            jobs = self.search_jobs
            if self.command == "serve" and jobs.put_last(out):
                jobs.start(self.write_search, out, site.parent)  # a rebuild: the last index until this one is made
            else:
                jobs.newer()  # an index a rebuild of the preview is still making is out of date
                with jobs.lock:
                    shutil.rmtree(out, ignore_errors=True)
                    out.parent.mkdir(parents=True, exist_ok=True)
                    reused = self._search_from_child(out)
                    if reused is None:
                        reused = self.write_search(out)
                    if reused:
                        log.debug("Chỉ mục tìm kiếm không đổi: dùng lại từ bộ nhớ đệm.")
                    if not config.use_directory_urls:  # the archive read from disk: scripts, not files to fetch
                        search.wrap_for_disk(out)
                    if self.command == "serve":
                        kept = jobs.folder(site.parent) / "index"
                        shutil.copytree(out, kept)
                        jobs.keep(kept)
        if self.command == "build":
            problem = site_size_problem(*folder_size(config.site_dir))
            if problem is not None:
                log.warning(problem.format())

    def _keep_sources(self) -> None:
        """The posts' bodies and the generated pages' sources, kept for the next build (OSError:
        a full disk, said in Vietnamese)."""
        if self.posts_to_keep is not None:
            self.posts_to_keep.save()
        if self.body_cache is not None:
            self.body_cache.save(self.bodies)
        store = self.page_store
        if store is not None and self.page_store_path is not None and store.changed:
            store.save(self.page_store_path)
            former = self.page_store_path.with_name(self.page_store_path.name.replace(PAGE_STORE, FORMER_PAGE_STORE))
            former.unlink(missing_ok=True)

    def write_search(self, out: Path) -> bool:
        """The search index of this build's project at `out` (True: reused from the cache)."""
        assert self.project is not None and self.photos is not None
        cache = self.project.options.root / self.settings.cache_dir / "search"
        # The preview remakes it in one child process (a daemon: it may not fork workers) or thread.
        workers = 1 if self.command == "serve" else bodies.worker_count(self.settings.workers, self.workers)
        return search.build_cached(self.project, out, cache, search.thumbnails(self.photos.meta.get), workers)

    # -- the preview's quick path (engine/quick.py) -------------------------------------------------
    def keep_for_quick(self, config: MkDocsConfig) -> None:
        """After a preview build that succeeded: keep what the next quick rebuild starts from."""
        if self.command != "serve" or self.built is None or self.env is None or not self.reuse.enabled:
            return
        assert self.project is not None
        self.quick_state = quick.State(config, self.built[0], self.built[1], self.env, self.inputs, self.watched,
                                       self.project.options.posts_path)

    def quick_rebuild(self) -> quick.Outcome | None:
        """Re-render only what an edit of posts' text touches; None: a full build is needed."""
        state, self.quick_state = self.quick_state, None  # kept again only when it succeeds
        if state is None or self.project is None:
            return None
        self.unsafe = []
        outcome = quick.rebuild(self, state)
        if outcome is not None:
            self.quick_state = state
        return outcome

    def site_files(self, project: Project, renderer: Renderer, config: MkDocsConfig,
                   kept=lambda uri: None, docs: list[File] | None = None) -> tuple[list, SiteFiles, Files] | None:
        """What on_config and on_files would make of `project` (its pages, and every file bantin
        adds, in a list of their own, marked as bantin's); None when that has problems or warnings to
        say (the full build says them). `docs`: the site's own files, which bantin's must not clash with."""
        assert self.photos is not None
        plan = redirects.plan(list(project.index.posts), list(project.posts),
                              redirects.read_lock(project.options.root / redirects.LOCK), unread=project.unfinished_files)
        if plan.errors or plan.warnings:
            return None
        pages = list(renderer.pages(kept))
        made = SiteFiles(project, self.photos, self.settings, plan, (self.social.files if self.social else {}) | self.pdfs)
        theirs = Files(docs or [])
        if made.add(theirs, config, pages):
            return None
        mine = {id(f) for f in docs or []}
        added = Files([f for f in theirs if id(f) not in mine])
        for file in added:
            file.generated_by = "bantin"  # as if made in on_files (engine/quick.py tells bantin's files by it)
        return pages, made, added

    def adopt(self, project: Project, renderer: Renderer, html: dict[str, str], *,
              pages: list | None = None, made: SiteFiles | None = None) -> None:
        """The project a quick rebuild read, as the pages about to be rendered see it."""
        self.project, self.renderer = project, renderer
        self.posts_by_uri = {p.src_uri: p for p in project.index.posts}
        self.html.update(html)
        if pages is not None:
            self.pages = pages
            self.html = {page.src_uri: page.html for page in pages if page.html is not None}
            self.lastmod = {page.src_uri: page.lastmod for page in pages}
            self.onward = {page.src_uri: page.onward for page in pages if page.onward}
        if made is not None:
            self.files, self.redirects = made, made.plan
        # Links to posts name their files: these are their addresses now (engine/markdown.py).
        self.page.post_uri = {p.path: p.src_uri for p in project.index.posts}.get

    def rekey_reuse(self, config: MkDocsConfig, files: Files, nav: Navigation) -> None:
        """The quick path changed the set of files: the site-wide part of the pages' keys again."""
        assert self.files is not None
        self.reuse.rekey(config, files, nav, [__version__, sorted(self.files.feed_folders)], overrides(config))

    def rebuild_search(self, config: MkDocsConfig) -> None:
        """The search index again, in a child process (engine/quick.py: Search)."""
        if self.settings.search:
            site = Path(config.site_dir)
            self.search_jobs.start(self.write_search, site / SEARCH_INDEX, site.parent)

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        # From the options, not the project: the first build may have failed (the preview then
        # shows its errors and waits for a fix in these files).
        options = self.options(config)
        for path in (options.posts_path, options.registry_path, options.root / options.images_dir):
            if path.exists():
                server.watch(str(path))
            elif path.parent.is_dir():  # deleted, or not made yet: its creation starts a rebuild
                server.watch(str(path.parent), recursive=False)
        return server

    def _report_hidden(self) -> None:
        assert self.project is not None
        hidden = self.project.hidden
        if hidden.get("draft"):
            log.info(f"Bỏ qua {hidden['draft']} bài nháp (draft: true); dùng 'bantin serve --drafts' để xem.")
        if hidden.get("future"):
            log.info(f"Bỏ qua {hidden['future']} bài có ngày đăng trong tương lai.")


def _render_empty(page: Page, config: MkDocsConfig, files: Files) -> None:
    """Page.render of a page whose Markdown is empty, without the Markdown converter MkDocs builds
    for every page (a few tenths of a millisecond each, seconds for a site of thousands of posts;
    issue 21): what Page.render leaves for an empty source (tests/test_contracts.py checks it).
    Another plugin that puts Markdown back gets MkDocs' own, and so does a verbose build (MkDocs
    then keeps no links to anchors, ProperDocs does)."""
    if page.markdown or _pages_log().getEffectiveLevel() <= logging.DEBUG:
        Page.render(page, config, files)
        return
    page.content = ""
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


def _pages_log() -> logging.Logger:
    """The logger MkDocs' Page.render asks whether to keep links to anchors: its module's `log`
    (under ProperDocs, named properdocs.structure.pages)."""
    return sys.modules[Page.__module__].log


def _checked(step, options: Options):
    try:
        return step(options)
    except ContentErrors as exc:
        _fail(exc.errors)


class ContentRefused(PluginError):
    """The build stopped on problems in posts, registry.yml or photos: `errors` holds every one
    (`bantin serve` lists them on its error page, engine/serve.py)."""

    def __init__(self, errors: list[ContentError]):
        super().__init__(f"Không xây dựng được trang. {summary_line(errors)}")
        self.errors = tuple(errors)


def _fail(errors: list[ContentError]):
    """Log every problem (errors and warnings) in Vietnamese and stop the build."""
    for error in sorted(errors, key=lambda e: (e.path, e.line or 0)):
        (log.warning if error.warning else log.error)(error.format())
    raise ContentRefused(errors) from None


def _configure_markdown(config: MkDocsConfig, context: PageContext) -> None:
    for name in ("toc", "attr_list", "md_in_html"):
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
    # ASCII heading anchors: Markdown's default slugify drops "Đ" entirely.
    toc = config.mdx_configs.setdefault("toc", {})
    toc.setdefault("slugify", heading_slugify)
    toc.setdefault("permalink_title", "Liên kết tới mục này")
    config.markdown_extensions.append(BantinMarkdown(context))
