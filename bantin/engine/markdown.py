"""A Markdown extension for bantin's pages: post links, and photos as responsive <picture>s.

- Links: editors link posts the way GitHub previews them, `[…](../2020/dai-hoi.md)`
  relative to `posts/2021/x.md`; the post is published elsewhere (`tin/2021/03/x.md`), so
  each such link is resolved against the source file and rewritten relative to the page.
- Photos: an <img> naming a processed photo becomes <picture> with WebP and JPEG srcsets,
  width/height, and (outside links) a lightbox anchor grouped per post.

It runs before MkDocs' own link processor, which then checks and rewrites `href`/`src`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from bantin.site.photos.picture import OFF_LIGHTBOX, picture_markup
from bantin.site.photos.renditions import ImageMeta, Rendition

DEFAULT_SIZES = "(max-width: 44.9375em) 100vw, 38rem"
CAPTION_SLOT = "\u00a0"  # the lightbox's description: a no-break space, replaced by bantin.js


@dataclass
class PageContext:
    """What the treeprocessor needs to know about the page being rendered (set per page)."""

    page_uri: str = ""  # the page's source URI, e.g. tin/2020/01/x.md
    page_url: str = ""  # its URL, e.g. tin/2020/01/x/
    source: str | None = None  # project-relative source of a post, None for other pages
    gallery: str = ""  # lightbox group: one per post
    site_has: Callable[[str], bool] = lambda uri: False
    post_uri: Callable[[str], str | None] = lambda path: None  # post source → its page URI
    photo: Callable[[str], ImageMeta | None] = lambda src: None  # photo source → renditions
    virtual: dict = field(default_factory=dict)  # URIs bantin's Markdown uses for photos → source
    rendition_uri: Callable[[str, Rendition], str] = lambda src, r: ""
    broken: list = field(default_factory=list)  # (href as written, resolved path)


def _relative(target: str, page_url: str) -> str:
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    return posixpath.relpath(target, base or ".")


def _local(value: str) -> str | None:
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    return unquote(parts.path)


class _Processor(Treeprocessor):
    def __init__(self, md: Markdown, context: PageContext):
        super().__init__(md)
        self.context = context

    def run(self, root: Element):
        if not self.context.page_uri:
            return None
        self.links(root)
        self.photos(root)
        return None

    def links(self, root: Element) -> None:
        ctx = self.context
        if not ctx.source:
            return
        base, page_base = posixpath.dirname(ctx.source), posixpath.dirname(ctx.page_uri)
        for element in root.iter("a"):
            path = _local(element.get("href", ""))
            if not path or not path.endswith(".md"):
                continue
            if ctx.site_has(posixpath.normpath(posixpath.join(page_base, path))):
                continue  # already relative to the page (bantin's own links, or a link to docs/)
            target = posixpath.normpath(posixpath.join(base, path))
            uri = ctx.post_uri(target)
            if uri is None:
                ctx.broken.append((element.get("href"), target))
                element.set("href", "#")  # reported once, in Vietnamese, by the plugin
                continue
            fragment = urlsplit(element.get("href", "")).fragment
            element.set("href", posixpath.relpath(uri, page_base or ".") + (f"#{fragment}" if fragment else ""))

    def photos(self, root: Element) -> None:
        ctx = self.context
        parents = {child: parent for parent in root.iter() for child in parent}
        page_base = posixpath.dirname(ctx.page_uri)
        for img in list(root.iter("img")):
            path = _local(img.get("src", ""))
            if path is None:
                continue
            src = ctx.virtual.get(posixpath.normpath(posixpath.join(page_base, path)))
            if src is None and ctx.source:
                src = posixpath.normpath(posixpath.join(posixpath.dirname(ctx.source), path))
            meta = ctx.photo(src) if src else None
            if src and meta is not None:
                self.picture(img, src, meta, parents)

    def picture(self, img: Element, src: str, meta: ImageMeta, parents: dict) -> None:
        ctx = self.context
        page_base = posixpath.dirname(ctx.page_uri)

        # Photos are published under anh/, where no page is: the way there is the way to the root.
        prefix = _relative(".", ctx.page_url) + "/"
        # `data-widest` (bantin's templates set it on thumbnails): the widest rendition offered.
        widest = img.attrib.pop("data-widest", "")
        shown = picture_markup(src, meta, prefix, img.get("sizes") or DEFAULT_SIZES, ctx.rendition_uri,
                               widest=int(widest) if widest.isdigit() else 0)
        img.set("src", posixpath.relpath(shown.src, page_base or "."))  # MkDocs checks and rewrites it
        attributes = shown.img()
        if "srcset" not in attributes:
            img.attrib.pop("sizes", None)  # the <source>'s alone: no srcset on the <img> to size
        for name, value in attributes.items():
            img.set(name, value)
        img.set("class", " ".join(filter(None, [img.get("class"), OFF_LIGHTBOX])))  # we add the lightbox
        picture = Element("picture")
        picture.append(Element("source", shown.source()))
        parent = parents[img]
        position = list(parent).index(img)
        parent.remove(img)
        picture.tail, img.tail = img.tail, None
        picture.append(img)
        wrapper = picture
        if not self.inside_link(parent, parents):
            large = meta.largest("jpeg")
            # GLightbox inserts data-description, data-title and a link's title as HTML, so no
            # caption goes into the anchor: only a constant that makes GLightbox lay the slide
            # out with room for one, which bantin.js fills with the figure's caption as text.
            wrapper = Element("a", {
                "class": "glightbox", "data-type": "image", "data-gallery": ctx.gallery or "trang",
                "href": posixpath.relpath(ctx.rendition_uri(src, large), page_base or "."),
            })
            if self.has_caption(img, parent, parents):
                wrapper.set("data-description", CAPTION_SLOT)
            wrapper.tail, picture.tail = picture.tail, None
            wrapper.append(picture)
        parent.insert(position, wrapper)

    @staticmethod
    def inside_link(start: Element, parents: dict) -> bool:
        element: Element | None = start
        while element is not None:
            if element.tag == "a":
                return True
            element = parents.get(element)
        return False


    @staticmethod
    def has_caption(img: Element, parent: Element, parents: dict) -> bool:
        """What bantin.js will show: the figure's <figcaption>, else the image's title or alt."""
        element: Element | None = parent
        while element is not None and element.tag != "figure":
            element = parents.get(element)
        figcaption = element.find("figcaption") if element is not None else None
        if figcaption is not None and "".join(figcaption.itertext()).strip():
            return True
        return bool((img.get("title") or img.get("alt") or "").strip())


class BantinMarkdown(Extension):
    def __init__(self, context: PageContext, **kwargs):
        self.context = context
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API
        # Above MkDocs' own relative-path processor (priority 0), which then checks the links.
        md.treeprocessors.register(_Processor(md, self.context), "bantin", 5)
