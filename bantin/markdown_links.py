"""A Markdown extension that re-points links written relative to a post's *source* file.

Editors link posts the way GitHub previews them: `[…](../2020/dai-hoi.md)` relative to
`posts/2021/x.md`. The post is published at another path (`tin/2021/03/x.md`), so each
relative link is resolved against the source file and rewritten relative to the page.
"""

from __future__ import annotations

import posixpath
from typing import Callable
from urllib.parse import unquote, urlsplit

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

# (resolved project-relative target path) → page-relative href, or None when unknown.
Resolver = Callable[[str], "str | None"]


class PostLinkContext:
    """What the treeprocessor needs to know about the page being rendered."""

    def __init__(self) -> None:
        self.source: str | None = None  # project-relative source path of the current post
        self.page_uri: str = ""  # where the page is published, e.g. tin/2020/01/x.md
        self.site_has: Callable[[str], bool] = lambda uri: False  # is this URI a page of the site?
        self.resolve: Resolver | None = None
        self.resolve_image: Resolver | None = None
        self.broken: list[tuple[str, str]] = []  # (href as written, resolved path)


class _Processor(Treeprocessor):
    def __init__(self, md: Markdown, context: PostLinkContext):
        super().__init__(md)
        self.context = context

    def run(self, root):
        ctx = self.context
        if not ctx.source or ctx.resolve is None:
            return None
        base = posixpath.dirname(ctx.source)
        page_base = posixpath.dirname(ctx.page_uri)
        for element in root.iter("a"):
            href = element.get("href")
            if not href:
                continue
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
                continue
            path = unquote(parts.path)
            if not path.endswith(".md") or ctx.site_has(posixpath.normpath(posixpath.join(page_base, path))):
                continue  # already relative to the page (bantin's own links, or a link to docs/)
            target = posixpath.normpath(posixpath.join(base, path))
            new = ctx.resolve(target)
            if new is None:
                ctx.broken.append((href, target))
                del element.attrib["href"]  # reported once, in Vietnamese, by the plugin
                continue
            element.set("href", new + (f"#{parts.fragment}" if parts.fragment else ""))
        if ctx.resolve_image is not None:
            for element in root.iter("img"):
                src = element.get("src", "")
                parts = urlsplit(src)
                if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
                    continue
                if ctx.site_has(posixpath.normpath(posixpath.join(page_base, unquote(parts.path)))):
                    continue  # bantin's own image links are relative to the page already
                new = ctx.resolve_image(posixpath.normpath(posixpath.join(base, unquote(parts.path))))
                if new is not None:
                    element.set("src", new)
        return None


class PostLinks(Extension):
    def __init__(self, context: PostLinkContext, **kwargs):
        self.context = context
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API
        # Above MkDocs' own relative-path processor (priority 0), which then checks the link.
        md.treeprocessors.register(_Processor(md, self.context), "bantin_post_links", 5)
