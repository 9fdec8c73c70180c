"""The Jinja templates of bantin's own pages (site/templates/bantin/), overridable per site.

Index pages, cards, listings, the photo library, the search page and a post's frame around its
body are templates, so a site changes one the way Material users override a partial: a file of
the same name in the theme's `custom_dir` (e.g. `overrides/bantin/card.html`) wins.

Two environments share one loader. `.html` templates write HTML: every value is escaped as text
unless it is `Markup` (what bantin itself made as HTML: links, pictures, cards). `.md` templates
write Markdown for the host to convert (a post's page): values are escaped so Markdown shows them
literally. Either way editor text is text; a template never has to remember a filter.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import jinja2
from markupsafe import Markup

from bantin.model.text import escape_html, escape_md

TEMPLATES = Path(__file__).parent / "templates"


def _finalizer(escape: Callable[[str], str]) -> Callable[[object], object]:
    def finalize(value: object) -> object:
        # Anything not marked as markup is text, whatever its type (a number, a Term, an object
        # with __str__): escaped for this kind of template, never left to Jinja's HTML escaping.
        if hasattr(value, "__html__"):
            return value
        return Markup(escape(str(value)))
    return finalize


def as_html(value: object) -> Markup:
    """Text escaped for HTML (an attribute, or an element Markdown leaves alone); Markup as is."""
    return value if isinstance(value, Markup) else Markup(escape_html(str(value)))


class Templates:
    """bantin's templates, with a site's own folders (its theme `custom_dir`) searched first."""

    def __init__(self, overrides: Sequence[str | Path] = ()):
        loader = jinja2.FileSystemLoader([*map(str, overrides), str(TEMPLATES)])
        options = {"loader": loader, "autoescape": True, "trim_blocks": True, "lstrip_blocks": True,
                   "keep_trailing_newline": True, "undefined": jinja2.StrictUndefined}
        self.html = jinja2.Environment(finalize=_finalizer(escape_html), **options)  # type: ignore[arg-type]
        self.markdown = jinja2.Environment(finalize=_finalizer(escape_md), **options)  # type: ignore[arg-type]
        for env in (self.html, self.markdown):
            env.filters["html"] = as_html

    def render(self, name: str, **context: object) -> str:
        env = self.markdown if name.endswith(".md") else self.html
        return env.get_template(name).render(context)
