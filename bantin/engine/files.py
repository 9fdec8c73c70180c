"""The files bantin adds to MkDocs' collection, and the check that each output has one writer.

Generated pages, photo renditions (and originals when asked), redirect and "removed" pages,
feeds and robots.txt, bantin's CSS and scripts; then every path the build will write, from
bantin, the site's docs/ folder and the theme, is checked to have one owner (site/outputs.py)
before anything is written.
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from bantin.model import urls
from bantin.model.errors import ContentError
from bantin.model.project import Project
from bantin.model.settings import Settings
from bantin.model.urls import SEARCH_INDEX, image_uri, rendition_uri
from bantin.site import ASSETS, hosting, redirects, search, seo
from bantin.site.congress import congress_csv
from bantin.site.editor_config import bundle_files, editor_yaml
from bantin.site.feeds import atom, rss, site_feeds
from bantin.site.outputs import Writer, clashes, redirect_writer, reserved
from bantin.site.pages import GeneratedPage
from bantin.site.photos import gallery

CSS = "assets/bantin/bantin.css"
JS = "assets/bantin/bantin.js"
SEARCH_JS = "assets/bantin/search.js"


class CachedFile(File):
    """A photo rendition from bantin's photo cache, published as a hard link to the cached file
    rather than a copy (~2,500 copies were a second of a build at 3,000 posts).

    Safe because nobody writes into either name in place: the cache makes an entry in a staging
    folder and renames it in whole (site/photos/cache.py), and removes one by renaming it away;
    a build writes a fresh folder (commands/build.py), and this removes whatever is at the
    output path before linking there, so no later copy (the preview's rebuilds into the same folder)
    can write through the link into the cache. Where a link cannot be made (another file
    system, no hard links: any OSError) the file is copied, as MkDocs does."""

    def copy_file(self, dirty: bool = False) -> None:
        if self.abs_src_path is None or (dirty and not self.is_modified()):
            super().copy_file(dirty)
            return
        output = self.abs_dest_path
        try:
            os.makedirs(os.path.dirname(output), exist_ok=True)
            try:
                os.link(self.abs_src_path, output)
            except FileExistsError:  # never written through: it may be a link to another cached file
                os.unlink(output)
                os.link(self.abs_src_path, output)
        except OSError:
            with suppress(OSError):  # a copy too goes to a new file, never through an old link
                os.unlink(output)
            super().copy_file(dirty)


class SiteFiles:
    """What one build adds to MkDocs' files, and who writes each output path."""

    def __init__(self, project: Project, photos: gallery.PhotoSet, settings: Settings, plan: redirects.Plan,
                 shared: dict[str, Path] | None = None):
        self.project, self.photos, self.settings, self.plan = project, photos, settings, plan
        self.shared = shared or {}  # social images (site/photos/social.py): site URI → cached file
        self.feed_folders: set[str] = set()  # folders with a feed.xml and atom.xml (site, agencies, terms)

    def add(self, files: Files, config: MkDocsConfig, pages: list[GeneratedPage]) -> list[ContentError]:
        """Add every file bantin makes; the problems of paths written twice (nothing is written)."""
        docs = Path(config.docs_dir).name
        # The site's hand-written files, before a generated file of the same name replaces one.
        docs_writes = [(f.dest_uri, Writer(f"tệp '{docs}/{f.src_uri}'", file=f"{docs}/{f.src_uri}", docs=True,
                                           fix="đổi tên hoặc xoá tệp này"))
                       for f in files]
        for page in pages:
            files.append(File.generated(config, page.src_uri, content=page.content))
        for uri, path in self.photos.files().items():
            files.append(CachedFile.generated(config, uri, abs_src_path=str(path)))
        for uri, path in self.shared.items():
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        if self.settings.copy_originals:
            root = self.project.options.root
            for src in self.photos.meta:
                files.append(File.generated(config, image_uri(src), abs_src_path=str(root / src)))
        redirect_writers = self._add_redirects(files, config)
        self.feed_folders = set()
        if config.site_url:
            self._add_feeds_and_robots(files, config)
        if self.settings.cname:
            files.append(File.generated(config, hosting.CNAME, content=hosting.cname_file(self.settings.cname)))
        for uri in (CSS, JS):
            files.append(File.generated(config, uri, abs_src_path=str(ASSETS / Path(uri).name)))
        files.append(File.generated(config, SEARCH_JS, content=search.script(config.use_directory_urls)))
        for uri, text in congress_csv(self.project).items():  # the congress tracker's downloads
            files.append(File.generated(config, uri, content=text))
        self._add_editor(files, config)
        return self._clashes(files, config, redirect_writers, docs_writes)

    def _add_editor(self, files: Files, config: MkDocsConfig) -> None:
        """The web editor at admin/: its bundle, and its configuration from the registry and options."""
        for uri, path in bundle_files().items():
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        terms = {term for post in self.project.posts for term in post.terms}
        files.append(File.generated(config, urls.EDITOR_CONFIG,
                                    content=editor_yaml(self.project.registry, terms, self.settings)))

    def _add_redirects(self, files: Files, config: MkDocsConfig) -> dict[str, Writer]:
        """Redirect pages for old URLs and aliases, and who asked for each (see _clashes)."""
        site_url = (config.site_url or "").rstrip("/") + "/" if config.site_url else ""
        writers = {}
        for url, post in self.plan.redirects.items():
            writers[redirects.target_file(url)] = redirect_writer(url, post, redirects.LOCK)
            files.append(File.generated(config, redirects.target_file(url),
                                        content=redirects.redirect_page(url, post, site_url,
                                                                        config.use_directory_urls)))
        for url in self.plan.gone:  # a page saying a post was removed: only where nothing else is
            path = redirects.target_file(url)
            if files.get_file_from_path(path) is None and \
                    files.get_file_from_path(path[:-len("index.html")] + "index.md") is None:
                files.append(File.generated(config, path, content=redirects.gone_page(url, config.use_directory_urls)))
                writers[path] = Writer(f"trang báo bài đã gỡ ở '/{url}'")
        return writers

    def _add_feeds_and_robots(self, files: Files, config: MkDocsConfig) -> None:
        assert config.site_url
        site_url = config.site_url.rstrip("/") + "/"
        photos = self.photos

        def image_of(post) -> tuple[str, int]:
            found = seo.picture(post, photos, site_url)
            return (found.url, found.bytes) if found else ("", 0)

        ids = redirects.feed_ids(list(self.project.index.posts), self.plan)
        feeds = site_feeds(self.project, site_url, config.site_name, config.site_description or "", image_of, ids)
        for folder, feed in feeds.items():
            files.append(File.generated(config, folder + urls.RSS, content=rss(feed)))
            files.append(File.generated(config, folder + urls.ATOM, content=atom(feed)))
        self.feed_folders = set(feeds)
        files.append(File.generated(config, urls.ROBOTS, content=hosting.robots_txt(site_url, self.settings.cname)))

    def _clashes(self, files: Files, config: MkDocsConfig, redirect_writers: dict[str, Writer],
                 docs_writes: list[tuple[str, Writer]]) -> list[ContentError]:
        """Every path written once, by one writer, before anything is written (see outputs.py)."""
        writes: list[tuple[str, Writer]] = []
        for src, meta in self.photos.meta.items():
            who = Writer(f"ảnh '{src}'", file=src, editor=True, fix="đổi tên một trong hai tệp ảnh")
            writes += [(rendition_uri(src, r), who) for r in meta.renditions]
            if self.settings.copy_originals:
                writes.append((image_uri(src), who))
        posts = {post.src_uri: post for post in self.project.index.posts}
        for f in files:
            if f.src_uri in redirect_writers:
                writes.append((f.dest_uri, redirect_writers[f.src_uri]))
            elif f.src_uri in posts:
                writes.append((f.dest_uri, Writer(f"bài '{posts[f.src_uri].path}'", file=posts[f.src_uri].path)))
            elif f.generated_by is None:
                continue  # counted below, as they were before bantin's files joined them
            elif not f.src_uri.startswith(urls.PHOTOS):  # renditions are counted above, with their photo
                shown = f"trang '/{f.url.removeprefix('./')}'" if f.is_documentation_page() else f"tệp '{f.dest_uri}'"
                writes.append((f.dest_uri, Writer(f"{shown} do bantin tạo")))
        writes += docs_writes
        places = reserved(config.theme.static_templates, search=SEARCH_INDEX if self.settings.search else
                          "search" if "material/search" in config.plugins else None)
        return clashes(writes, places)
