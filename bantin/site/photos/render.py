"""One photo's renditions with Pillow: sized WebP + JPEG, rotated, sRGB, stripped of metadata.

Runs in the build's worker processes (bantin.site.photos.process); a pure function of a file
and the settings.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

from bantin.site.photos.opening import DAMAGED, ImageError, open_checked
from bantin.site.photos.renditions import Settings

ORIENTATION = 0x0112
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def target_widths(width: int, widths: Iterable[int]) -> list[int]:
    """Rendition widths for an original `width` pixels wide: never wider than the original."""
    below = sorted({w for w in widths if w < width})
    top = min(width, max(widths))
    return below + [top] if top not in below else below


def render(src: Path, out: Path, settings: Settings) -> dict:
    """Write every rendition of `src` into the folder `out`; return the metadata as a dict.

    The JPEG is decoded once, in draft mode (DCT scaling) at the smallest scale that still
    covers the widest rendition; each smaller size is resized from the previous one.
    """
    with open_checked(src, settings) as im:
        orientation = im.getexif().get(ORIENTATION, 1)
        rotated = orientation in (5, 6, 7, 8)
        width, height = (im.height, im.width) if rotated else im.size
        widths = target_widths(width, settings.widths)
        top = widths[-1]
        top_height = max(1, round(height * top / width))
        if im.format in ("JPEG", "MPO"):
            im.draft("RGB", (top_height, top) if rotated else (top, top_height))
        icc = im.info.get("icc_profile")
        try:
            im.load()
        except (OSError, SyntaxError, ValueError):
            raise ImageError(*DAMAGED) from None
        picture = ImageOps.exif_transpose(im)
    picture = _to_srgb(picture, icc)
    has_alpha = picture.mode in ("RGBA", "LA") or "transparency" in picture.info
    picture = picture.convert("RGBA" if has_alpha else "RGB")
    renditions = []
    for w in reversed(widths):
        h = max(1, round(height * w / width))
        if picture.size != (w, h):
            picture = picture.resize((w, h), Image.Resampling.LANCZOS, reducing_gap=3.0)
        # Neither call passes exif/icc/xmp: the published files carry no metadata at all.
        picture.save(out / f"{w}.webp", "WEBP", quality=settings.webp_quality, method=settings.webp_method)
        flat = _flatten(picture) if has_alpha else picture
        flat.save(out / f"{w}.jpg", "JPEG", quality=settings.jpeg_quality, optimize=True, progressive=True)
        for fmt, name in (("webp", f"{w}.webp"), ("jpeg", f"{w}.jpg")):
            renditions.append({"width": w, "height": h, "format": fmt, "file": name,
                               "bytes": (out / name).stat().st_size})
    return {"width": width, "height": height, "renditions": renditions}


def _to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    if im.mode == "CMYK" and not icc:
        return im.convert("RGB")
    if not icc:
        return im
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if im.mode in ("RGBA", "LA") else "RGB"
        converted = ImageCms.profileToProfile(im, source, _SRGB, outputMode=mode)
        return converted if converted is not None else im
    except (ImageCms.PyCMSError, OSError, ValueError):
        return im.convert("RGB") if im.mode == "CMYK" else im  # a broken profile: keep the pixels


def _flatten(im: Image.Image) -> Image.Image:
    background = Image.new("RGB", im.size, (255, 255, 255))
    background.paste(im, mask=im.getchannel("A"))
    return background
