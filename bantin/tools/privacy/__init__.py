"""What a photo file tells about who took it and where, and the same file without it.

Cameras and phones write the place (GPS), the serial numbers of body and lens, the owner's name
and a maker's block (MakerNote, holding more serials) into the file. The build publishes
renditions without any metadata, but the originals in images/ are public with the repository.

- `scan(path)`: what a file's metadata holds, reading its header only (`bantin check`);
- `clean(data)`: the file without it (`bantin photos add` for the copy, `bantin photos clean`
  for originals already in the repository).

Cleaning is lossless: only metadata is rewritten, the picture's bytes (JPEG scans, PNG IDAT,
WebP VP8/VP8L/ALPH/ANIM) are copied as they are, and `clean` proves it by reading its result
back. EXIF keeps everything else (orientation, make and model, date, exposure); XMP keeps
everything but the same properties. One module per container: `jpeg`, `png`, `webp`; the EXIF
and XMP inside them: `payloads`.
"""

from __future__ import annotations

from pathlib import Path

from bantin.tools.privacy import jpeg, png, webp
from bantin.tools.privacy.payloads import Cleaned, NotCleanable, Private, labels

__all__ = ["Cleaned", "NotCleanable", "Private", "clean", "labels", "scan", "kind_of"]

_KINDS = {"JPEG": jpeg, "PNG": png, "WEBP": webp}


def kind_of(head: bytes) -> str | None:
    """The container a file's first bytes say it is: "JPEG", "PNG", "WEBP" or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    return None


def clean(data: bytes) -> Cleaned:
    """The file without GPS, serials, owner name, MakerNote and what follows its picture.

    Returns `data` itself when there is nothing to remove. Raises NotCleanable for a file that
    is not a JPEG, PNG or WebP, or whose structure is cut or damaged.
    """
    kind = kind_of(data[:12])
    if kind is None:
        raise NotCleanable("không phải ảnh JPEG, PNG hay WebP")
    cleaned = _KINDS[kind].clean(data)
    if cleaned.removed:
        if _KINDS[kind].picture(cleaned.data) != _KINDS[kind].picture(data):  # pragma: no cover - a bug here
            raise NotCleanable("phần hình ảnh không giữ nguyên được khi ghi lại")
        left = _KINDS[kind].clean(cleaned.data).removed
        if left:  # pragma: no cover - a bug here: never write a file that still holds them
            raise NotCleanable(f"vẫn còn {labels(left)} sau khi xoá")
    return cleaned


def scan(path: Path) -> frozenset[Private]:
    """What private data a photo file's metadata holds, from its header (not its picture data).
    Empty for a file that is not a JPEG, PNG or WebP, or that cannot be read."""
    try:
        with open(path, "rb") as f:
            kind = kind_of(f.read(12))
            if kind is None:
                return frozenset()
            f.seek(0)
            return _KINDS[kind].scan(f)
    except (OSError, NotCleanable):
        return frozenset()
