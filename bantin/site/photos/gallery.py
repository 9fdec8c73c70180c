"""Photos of the published posts: renditions through the image cache, errors per post.

Joins posts (which photo, named where) with the photo pipeline (`process`, the cache); plain Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bantin.model.content import Photo, Post
from bantin.model.errors import ContentError, ContentErrors
from bantin.model.urls import rendition_uri
from bantin.site.photos.cache import ImageCache, keep_in_use
from bantin.site.photos.process import Stats, process
from bantin.site.photos.renditions import ImageMeta, Settings


@dataclass(frozen=True)
class PhotoSet:
    meta: dict[str, ImageMeta]  # photo src (project-relative) → its renditions
    stats: Stats

    def files(self) -> dict[str, Path]:
        """{published URI: cached file} for every rendition of every photo."""
        return {rendition_uri(src, r): meta.folder / r.file
                for src, meta in self.meta.items() for r in meta.renditions}


def references(posts: tuple[Post, ...] | list[Post]) -> dict[str, list[tuple[Post, Photo]]]:
    refs: dict[str, list[tuple[Post, Photo]]] = {}
    for post in posts:
        for photo in post.images:
            refs.setdefault(photo.src, []).append((post, photo))
    return refs


def publish(posts, root: Path, cache_dir: Path, settings: Settings, *,
            keep: set[str] | None = None, progress=None) -> PhotoSet:
    """Renditions for every photo of `posts`; a bad photo is an error at each place it is named.

    `keep` (source paths) are photos of other posts, e.g. drafts, whose cache entries stay.
    The cache stays in use (shared lock) until this process publishes again or exits: MkDocs
    copies the renditions later. Stale entries are removed only when no other bantin process
    uses the cache; otherwise a later build does it.
    """
    refs = references(posts)
    cache = ImageCache(cache_dir, settings)
    keep_in_use(cache)
    sources = {src: root / src for src in refs}
    done, failed, stats = process(sources, cache, progress=progress)
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
            recorded = cache.hashes.recorded(path)
            if recorded is not None:
                kept.add(recorded)
    stats.cleaned = cache.clean(kept, {str(p) for p in sources.values()} | {str(root / s) for s in keep or ()})
    cache.save_index()
    return PhotoSet(done, stats)
