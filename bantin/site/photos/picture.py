"""Where a photo's renditions are published (ASCII URLs) and the <picture> that shows them."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import PurePosixPath

from bantin.model.slugs import slugify
from bantin.model.text import escape_html
from bantin.site.photos.renditions import ImageMeta, Rendition


@lru_cache(maxsize=1 << 16)
def image_uri(src: str) -> str:
    """Where a photo (project-relative, e.g. images/2023/so-ket/anh-1.jpg) is published, ASCII
    only: anh/2023/so-ket/anh-1.jpg. Renditions add their width; `copy_originals` uses it as is.

    Folding to ASCII loses information ('Ảnh 1.jpg' and 'anh-1.jpg', 'a.jpg' and 'a.png' would
    share renditions), so a path that is not already its own slug with '.jpg' gets a short hash
    of its whole source path: images/2023/Sơ kết/Ảnh 1.JPG → anh/2023/so-ket/anh-1-1f0c3a9b.jpg.
    The URL depends on the photo alone, never on which other photos exist."""
    path = PurePosixPath(src)
    parts = path.parts[1:-1] if path.parts[0] == "images" else path.parts[:-1]
    folders = [slugify(p) or "_" for p in parts]
    stem = slugify(path.stem) or "anh"
    if folders != list(parts) or stem != path.stem or path.suffix != ".jpg":
        stem += "-" + hashlib.blake2b(src.encode("utf-8"), digest_size=4).hexdigest()
    return "/".join(["anh", *folders, stem + path.suffix.lower()])


@lru_cache(maxsize=1 << 18)
def rendition_uri(src: str, rendition: Rendition) -> str:
    """images/2023/Sơ kết/Ảnh 1.JPG at 640 px WebP → anh/2023/so-ket/anh-1-640.webp."""
    stem = image_uri(src).rsplit(".", 1)[0]
    return f"{stem}-{rendition.width}.{'jpg' if rendition.format == 'jpeg' else rendition.format}"


def srcset(src: str, meta: ImageMeta, fmt: str, prefix: str) -> str:
    """`srcset` of a photo's renditions in one format; `prefix` leads from the page to the root."""
    return ", ".join(f"{prefix}{rendition_uri(src, r)} {r.width}w" for r in meta.of(fmt))


def picture_html(src: str, meta: ImageMeta, prefix: str, *, alt: str, sizes: str, lazy: bool = True) -> str:
    """A photo as <picture>: WebP and JPEG srcsets, the 640 px JPEG as src, width/height set."""
    fallback = meta.fallback()
    attrs = ' loading="lazy" decoding="async"' if lazy else ""
    return (f'<picture><source type="image/webp" srcset="{srcset(src, meta, "webp", prefix)}" sizes="{sizes}">'
            f'<img alt="{escape_html(alt)}" src="{prefix}{rendition_uri(src, fallback)}"{attrs} '
            f'srcset="{srcset(src, meta, "jpeg", prefix)}" sizes="{sizes}" width="{fallback.width}" '
            f'height="{fallback.height}" class="off-glb"></picture>')
