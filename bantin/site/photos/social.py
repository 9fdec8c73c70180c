"""Social images: the picture a page shares when it has no photo of its own.

A site's default is drawn from its name on the theme's primary colour, or made from an image
the site names (an agency's emblem); an agency's emblem in the registry stands in for its own
pages and photo-less posts. Each is a 1200×630 PNG (the size social networks crop to), drawn
the same byte for byte from the same inputs, and kept in the cache under the hash of those.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps
from PIL import __version__ as PILLOW

from bantin.site.photos.opening import ImageError, open_checked
from bantin.site.photos.render import _flatten, _to_srgb
from bantin.site.photos.renditions import Settings

WIDTH, HEIGHT = 1200, 630
MARGIN = 90
# Be Vietnam Pro, shipped as a pinned package: Pillow's own font has no Vietnamese letters.
FONT = resources.files("fontpkg_be_vietnam_pro") / "files" / "BeVietnamPro-Bold.ttf"
# Material for MkDocs' primary colours (palette.primary), as its stylesheet defines them.
PRIMARY = {
    "red": "#ef5350", "pink": "#e92063", "purple": "#ab47bc", "deep-purple": "#7e56c2", "indigo": "#4051b5",
    "blue": "#2094f3", "light-blue": "#02a6f2", "cyan": "#00bdd6", "teal": "#009485", "green": "#4cae4f",
    "light-green": "#8bc34b", "lime": "#cbdc38", "yellow": "#ffec3d", "amber": "#ffc105", "orange": "#ffa724",
    "deep-orange": "#ff6e42", "brown": "#795649", "grey": "#757575", "blue-grey": "#546d78", "black": "#000000",
    "white": "#ffffff",
}
DEFAULT_PRIMARY = "indigo"  # Material's


@dataclass(frozen=True)
class SocialImage:
    """An image bantin publishes for sharing: where in the site, its size in bytes and pixels."""

    uri: str
    bytes: int
    width: int
    height: int


def primary_colour(palette: object) -> str:
    """The theme's primary colour (mkdocs.yml theme.palette; a list of schemes: the first)."""
    if isinstance(palette, list):
        palette = palette[0] if palette else {}
    name = palette.get("primary") if isinstance(palette, dict) else None
    return PRIMARY.get(str(name).lower().replace(" ", "-"), PRIMARY[DEFAULT_PRIMARY])


def _text_colour(background: str) -> str:
    r, g, b = (int(background[i:i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 160 else "#ffffff"


def _lines(draw: ImageDraw.ImageDraw, words: list[str], font: ImageFont.FreeTypeFont) -> list[str]:
    lines: list[str] = []
    for word in words:
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= WIDTH - 2 * MARGIN:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


def drawn(name: str, colour: str) -> bytes:
    """A 1200×630 PNG of `name` in white (or black, on a light colour) on `colour`."""
    image = Image.new("RGB", (WIDTH, HEIGHT), colour)
    draw = ImageDraw.Draw(image)
    words = name.split() or [" "]
    with FONT.open("rb") as handle:
        data = handle.read()
    for size in range(84, 23, -4):  # the largest size at which the name fits in four lines
        font = ImageFont.truetype(io.BytesIO(data), size)
        lines = _lines(draw, words, font)
        if len(lines) <= 4 and all(draw.textlength(line, font=font) <= WIDTH - 2 * MARGIN for line in lines):
            break
    text = "\n".join(lines)
    spacing = size // 3
    box = draw.multiline_textbbox((0, 0), text, font=font, spacing=spacing)
    top = (HEIGHT - (box[3] - box[1])) // 2 - box[1]
    draw.multiline_text((MARGIN, top), text, font=font, fill=_text_colour(colour), spacing=spacing)
    return _png(image)


def framed(path: Path, settings: Settings) -> bytes:
    """An image (an emblem, a logo) contained in 1200×630 on white: nothing cut off."""
    with open_checked(path, settings) as opened:
        picture = _to_srgb(ImageOps.exif_transpose(opened), opened.info.get("icc_profile"))
        picture = picture.convert("RGBA")
        picture = _flatten(picture)
    canvas = Image.new("RGB", (WIDTH, HEIGHT), (255, 255, 255))
    inner = ImageOps.contain(picture, (WIDTH - 2 * 40, HEIGHT - 2 * 40), Image.Resampling.LANCZOS)
    canvas.paste(inner, ((WIDTH - inner.width) // 2, (HEIGHT - inner.height) // 2))
    return _png(canvas)


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)  # no date, no text chunk: the same bytes every time
    return out.getvalue()


def cached(cache: Path, key: str, make) -> tuple[str, Path]:
    """The image `make()` draws, from the cache when drawn before with the same `key`."""
    sha = hashlib.sha256(f"{key}\x00{PILLOW}".encode()).hexdigest()[:16]
    path = cache / f"{sha}.png"
    if not path.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        staged = path.with_name(f".{sha}.{os.getpid()}.tmp")
        staged.write_bytes(make())
        os.replace(staged, path)  # never a half-written image, even with two builds at once
    return sha, path


def file_key(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class SocialSet:
    """The site's social images: its default, each agency's emblem, and the files to publish."""

    default: SocialImage
    agencies: dict[str, SocialImage]
    files: dict[str, Path]  # site URI → cached image


FOLDER = "assets/bantin/chia-se/"


class BadImage(Exception):
    """A chosen image (the site's, an agency's emblem) that cannot be published: which, and why."""

    def __init__(self, path: Path, error: ImageError):
        super().__init__(error.message)
        self.path, self.error = path, error


def publish(name: str, colour: str, cache: Path, settings: Settings, *, image: Path | None = None,
            emblems: dict[str, Path] | None = None) -> SocialSet:
    """The default image (`image` framed, or `name` drawn on `colour`) and the agencies' emblems
    (agency key → image file). An image that cannot be published raises BadImage."""
    files: dict[str, Path] = {}

    def add(key: str, make) -> SocialImage:
        sha, path = cached(cache, key, make)
        uri = f"{FOLDER}{sha}.png"
        files[uri] = path
        return SocialImage(uri, path.stat().st_size, WIDTH, HEIGHT)

    def frame(source: Path) -> SocialImage:
        try:
            return add(f"framed\x00{file_key(source)}", lambda: framed(source, settings))
        except ImageError as exc:
            failure = exc
        # Raised outside the handler: the build's fault report follows an exception's context,
        # and Pillow's OSError there is no fault of the disk.
        raise BadImage(source, failure)

    with FONT.open("rb") as handle:
        font = hashlib.sha256(handle.read()).hexdigest()
    default = frame(image) if image is not None else \
        add(f"drawn\x00{name}\x00{colour}\x00{font}", lambda: drawn(name, colour))
    agencies = {key: frame(path) for key, path in sorted((emblems or {}).items())}
    return SocialSet(default, agencies, files)
