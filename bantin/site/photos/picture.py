"""The <picture> that shows a photo's renditions (published where model/urls.py says).

The one definition of a photo's markup: index pages write it as text (`picture_html`), the
Markdown extension (bantin.engine.markdown) as elements around a post's <img>, both from
`PictureMarkup`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bantin.model.text import escape_html
from bantin.model.urls import rendition_uri
from bantin.site.photos.renditions import ImageMeta, Rendition

OFF_LIGHTBOX = "off-glb"  # mkdocs-glightbox leaves an image with this class alone: bantin adds its own anchor


@dataclass(frozen=True)
class PictureMarkup:
    """A photo as <picture>: a WebP <source> with a srcset of every width (a thumbnail's up to
    `widest`) and a JPEG <img>, the 640 px one alone (a srcset of every width only when the photo
    has no WebP).

    The srcsets' URLs start with the prefix that leads from the page to the site's root; `src`,
    the JPEG a plain <img src> shows (640 px, or the widest below), is from the root, for the
    caller to lead to (the Markdown extension writes it relative to the post's source file)."""

    src: str
    width: int
    height: int
    webp_srcset: str
    jpeg_srcset: str
    sizes: str

    def source(self) -> dict[str, str]:
        """The <source>'s attributes."""
        return {"type": "image/webp", "srcset": self.webp_srcset, "sizes": self.sizes}

    def img(self) -> dict[str, str]:
        """The <img>'s attributes besides its src, alt, loading hints and class (`OFF_LIGHTBOX`):
        no srcset (nor sizes) when the JPEG has none to offer beyond its src."""
        box = {"width": str(self.width), "height": str(self.height)}
        return {"srcset": self.jpeg_srcset, "sizes": self.sizes, **box} if self.jpeg_srcset else box


def picture_markup(src: str, meta: ImageMeta, prefix: str, sizes: str,
                   uri: Callable[[str, Rendition], str] = rendition_uri, *, widest: int = 0) -> PictureMarkup:
    """The <picture> of a photo (`src`, project-relative) on a page `prefix` away from the root.
    `widest`: the widest rendition worth offering (a thumbnail never needs the 1600 px one; the
    lightbox links to it); 0 for all of them."""

    def srcset(fmt: str) -> str:
        shown = meta.of(fmt)
        if widest:
            shown = [r for r in shown if r.width <= widest] or shown[:1]
        return ", ".join(f"{prefix}{uri(src, r)} {r.width}w" for r in shown)

    fallback = meta.fallback()
    # Every browser that reads srcset and WebP takes the WebP <source>; the JPEG is for the few
    # without WebP (Safari before 14), for which the 640 px src is enough. Without the second
    # srcset a post page is ~0.3 KB per photo lighter (issue 19: a post ≤ 30 KB). A photo with no
    # WebP renditions keeps its JPEG srcset.
    jpeg = "" if meta.of("webp") else srcset("jpeg")
    return PictureMarkup(uri(src, fallback), fallback.width, fallback.height, srcset("webp"), jpeg, sizes)


def picture_html(src: str, meta: ImageMeta, prefix: str, *, alt: str, sizes: str, lazy: bool = True,
                 widest: int = 0) -> str:
    """A photo as <picture>: WebP and JPEG srcsets, the 640 px JPEG as src, width/height set."""
    shown = picture_markup(src, meta, prefix, sizes, widest=widest)
    hints = {"loading": "lazy", "decoding": "async"} if lazy else {}
    img = {"alt": escape_html(alt), "src": prefix + shown.src, **hints, **shown.img(), "class": OFF_LIGHTBOX}
    return f"<picture><source{_attributes(shown.source())}><img{_attributes(img)}></picture>"


def _attributes(values: dict[str, str]) -> str:
    return "".join(f' {name}="{value}"' for name, value in values.items())
