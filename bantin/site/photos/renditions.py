"""What a processed photo is: the settings of its renditions, the renditions, their metadata.

Plain data, shared by the renderer, the cache and the pages.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

PIPELINE_VERSION = 1  # bump when the output of render() changes for the same settings


@dataclass(frozen=True)
class Settings:
    widths: tuple[int, ...] = (320, 640, 1280, 1920)
    jpeg_quality: int = 80
    webp_quality: int = 76
    webp_method: int = 4  # 0 fast … 6 small; 4 is Pillow's default balance
    max_pixels: int = 100_000_000  # larger is a decompression bomb, not a photo

    def key(self) -> str:
        return hashlib.sha1(repr((PIPELINE_VERSION, self)).encode()).hexdigest()[:10]


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    format: str  # "webp" or "jpeg"
    file: str  # name inside the cache entry
    bytes: int


@dataclass(frozen=True)
class ImageMeta:
    """A processed photo: the oriented size of the original and its renditions."""

    sha: str
    width: int
    height: int
    renditions: tuple[Rendition, ...]
    folder: Path = field(compare=False)

    def of(self, fmt: str) -> list[Rendition]:
        return sorted((r for r in self.renditions if r.format == fmt), key=lambda r: r.width)

    def fallback(self, width: int = 640) -> Rendition:
        """The JPEG that plain <img src> shows: the widest not above `width`, or the smallest."""
        jpegs = self.of("jpeg")
        fitting = [r for r in jpegs if r.width <= width]
        return fitting[-1] if fitting else jpegs[0]

    def largest(self, fmt: str = "jpeg") -> Rendition:
        return self.of(fmt)[-1]
