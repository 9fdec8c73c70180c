"""Photos of the published posts: renditions through the image cache, errors per post.

Joins posts (which photo, named where) with `bantin.site.images` (the files); plain Python.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from bantin.model.content import Photo, Post
from bantin.model.errors import ContentError, ContentErrors
from bantin.model.slugs import slugify
from bantin.model.text import escape_html
from bantin.site import images


@dataclass(frozen=True)
class PhotoSet:
    meta: dict[str, images.ImageMeta]  # photo src (project-relative) → its renditions
    stats: images.Stats

    def files(self) -> dict[str, Path]:
        """{published URI: cached file} for every rendition of every photo."""
        return {rendition_uri(src, r): meta.folder / r.file
                for src, meta in self.meta.items() for r in meta.renditions}


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
def rendition_uri(src: str, rendition: images.Rendition) -> str:
    """images/2023/Sơ kết/Ảnh 1.JPG at 640 px WebP → anh/2023/so-ket/anh-1-640.webp."""
    stem = image_uri(src).rsplit(".", 1)[0]
    return f"{stem}-{rendition.width}.{'jpg' if rendition.format == 'jpeg' else rendition.format}"


def srcset(src: str, meta: images.ImageMeta, fmt: str, prefix: str) -> str:
    """`srcset` of a photo's renditions in one format; `prefix` leads from the page to the root."""
    return ", ".join(f"{prefix}{rendition_uri(src, r)} {r.width}w" for r in meta.of(fmt))


def picture_html(src: str, meta: images.ImageMeta, prefix: str, *, alt: str, sizes: str, lazy: bool = True) -> str:
    """A photo as <picture>: WebP and JPEG srcsets, the 640 px JPEG as src, width/height set."""
    fallback = meta.fallback()
    attrs = ' loading="lazy" decoding="async"' if lazy else ""
    return (f'<picture><source type="image/webp" srcset="{srcset(src, meta, "webp", prefix)}" sizes="{sizes}">'
            f'<img alt="{escape_html(alt)}" src="{prefix}{rendition_uri(src, fallback)}"{attrs} '
            f'srcset="{srcset(src, meta, "jpeg", prefix)}" sizes="{sizes}" width="{fallback.width}" '
            f'height="{fallback.height}" class="off-glb"></picture>')


def references(posts: tuple[Post, ...] | list[Post]) -> dict[str, list[tuple[Post, Photo]]]:
    refs: dict[str, list[tuple[Post, Photo]]] = {}
    for post in posts:
        for photo in post.images:
            refs.setdefault(photo.src, []).append((post, photo))
    return refs


def publish(posts, root: Path, cache_dir: Path, settings: images.Settings, *,
            keep: set[str] | None = None, progress=None) -> PhotoSet:
    """Renditions for every photo of `posts`; a bad photo is an error at each place it is named.

    `keep` (source paths) are photos of other posts, e.g. drafts, whose cache entries stay.
    The cache stays in use (shared lock) until this process publishes again or exits: MkDocs
    copies the renditions later. Stale entries are removed only when no other bantin process
    uses the cache; otherwise a later build does it.
    """
    refs = references(posts)
    cache = images.ImageCache(cache_dir, settings)
    images.keep_in_use(cache)
    sources = {src: root / src for src in refs}
    done, failed, stats = images.process(sources, cache, progress=progress)
    if failed:
        errors = [
            ContentError(post.path, photo.line, photo.where, f"ảnh '{src}': {failed[src].message}",
                         failed[src].hint, src)
            for src in failed for post, photo in refs[src]
        ]
        raise ContentErrors(errors)
    kept = {meta.sha for meta in done.values()}
    for src in keep or ():
        path = root / src
        if path.is_file():
            known = cache.index.get(str(path))
            if known:
                kept.add(known[2])
    stats.cleaned = cache.clean(kept, {str(p) for p in sources.values()} | {str(root / s) for s in keep or ()})
    cache.save_index()
    return PhotoSet(done, stats)
