"""bantin in Material's theme: its overrides above the theme's templates, Material's own
partials by a `material/` prefix, and the navigation rendered once per set of identical links.

Each page of a large site carries the whole navigation (tabs and the left column): rendered
per page by Material, it is most of a build's template time. Pages outside the navigation
(posts, index pages) that share their links get one rendering of it (bantin/fragment.html).
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.utils import get_relative_url

from bantin.engine.reuse import TEMPLATE as REUSED

THEME = str(Path(__file__).parent / "theme")


def add_overrides(config: MkDocsConfig) -> None:
    """Put bantin's templates just above the theme's own (a user's custom_dir still wins)."""
    dirs = config.theme.dirs
    if THEME not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, THEME)


# MkDocs gzips sitemap.xml with the newest `update_date` of all pages as the file time (and fails
# when none has one): an undated page gets this one, which is never in the sitemap (sitemap.xml).
NO_DATE = "1980-01-01"


def set_lastmod(page, day: str) -> None:
    """The page's sitemap date (YYYY-MM-DD), or none when `day` is "": bantin's sitemap.xml writes
    `page.meta.bantin_lastmod`, never MkDocs' default `update_date` (the day of the build)."""
    page.meta["bantin_lastmod"] = day
    page.update_date = day or NO_DATE


def overrides(config: MkDocsConfig) -> list[str]:
    """bantin's template folders and the site's custom_dir (what page reuse watches)."""
    return [THEME] + ([config.theme.custom_dir] if config.theme.custom_dir else [])


def with_material_prefix(env: jinja2.Environment, config: MkDocsConfig) -> None:
    """"material/partials/x.html" names the theme's own partial, below bantin's override of it."""
    below = list(config.theme.dirs[config.theme.dirs.index(THEME) + 1:]) if THEME in config.theme.dirs else []
    assert env.loader is not None
    env.loader = jinja2.ChoiceLoader([env.loader, jinja2.PrefixLoader({"material": jinja2.FileSystemLoader(below)})])


class NavFragments:
    """The navigation and tabs of pages outside the nav, rendered once per set of equal links."""

    def __init__(self) -> None:
        self.in_nav: set[str] = set()  # source URIs of the pages in the navigation
        self.nav_pages: dict = {}  # source URI → the navigation's page
        self.targets: dict[str, list[str]] = {}  # first URL segment → nav URLs under it
        self.rendered: dict[tuple, str] = {}  # (partial, links key, page marked active) → rendered HTML

    def start(self, nav: Navigation) -> None:
        self.nav_pages = {page.file.src_uri: page for page in nav.pages}
        self.in_nav = set(self.nav_pages)
        self.targets = {}
        self.rendered = {}

        def walk(items) -> None:
            for item in items:
                if isinstance(item, Section):
                    walk(item.children)
                elif isinstance(item, Link) or getattr(item, "url", None) is not None:
                    url = item.url or ""
                    if "://" not in url and not url.startswith(("/", "#")):
                        self.targets.setdefault(url.split("/", 1)[0], []).append(url)
        walk(nav.items)

    def fill(self, context, page, config: MkDocsConfig, env: jinja2.Environment | None, owner: str | None = None,
             expand: bool = True):
        """Give a page outside the navigation its nav and tabs HTML (bantin_nav, bantin_tabs).

        `owner` is the source URI of the navigation's page this page belongs to (site/page_data.py:
        nav_owner): it is rendered as active, so its tab is marked and, when `expand`, the left
        column (and a phone's menu) opens its section with its entry marked. Posts do not expand
        it: they hide the left column and carry only the top navigation (every post's HTML)."""
        context["bantin_in_nav"] = page.file.src_uri in self.in_nav  # partials/toc.html: is there a #__toc?
        if env is None or page.file.src_uri in self.in_nav or page.meta.get("template") == REUSED \
                or "toc.integrate" in (config.theme.get("features") or ()):
            return context
        url = page.url
        first = url.split("/", 1)[0]
        same = self.targets.get(first, ())
        folder = url.rpartition("/")[0] if "." in url.rpartition("/")[2] else url
        key = (folder.count("/") if folder.endswith("/") else folder.count("/") + bool(folder),
               first if same else "", tuple(get_relative_url(t, url) for t in same))
        for name in ("nav", "tabs"):
            active = self.nav_pages.get(owner) if owner and (expand or name == "tabs") else None
            html = self.rendered.get((name, key, owner if active else ""))
            if html is None:
                template = env.get_template("bantin/fragment.html")
                if active is not None:
                    active.active = True  # MkDocs marks its sections (the tab) active with it
                try:
                    html = self.rendered[(name, key, owner if active else "")] = template.render(
                        {**context, "bantin_partial": f"{name}.html"})
                finally:
                    if active is not None:
                        active.active = False
            context[f"bantin_{name}"] = html
        return context


# Material's markup that the W3C Nu HTML checker rejects, in every page it writes (base.html, nav-item.html):
# autocomplete on its checkbox toggles (allowed on text-like inputs only) and tabindex="" on section labels
# (an empty string is not an integer: Material means no tabindex). Only start tags match: a post's text
# and code show "<" as "&lt;".
_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^<>]*?\btype="checkbox"[^<>]*?) autocomplete="off"')
_EMPTY_TABINDEX = re.compile(r'(<label\b[^<>]*?) tabindex=""')


def valid_markup(html: str) -> str:
    """The page without the invalid attributes Material's templates write (see tests/test_html_valid.py)."""
    return _EMPTY_TABINDEX.sub(r"\1", _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html))
