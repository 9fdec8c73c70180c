"""WebP: the EXIF and XMP chunks rewritten, every other chunk copied byte for byte.

Rewritten: 'EXIF' (cleaned), 'XMP ' (cleaned, or removed with its flag in VP8X when nothing sane
is left). Dropped: whatever follows the RIFF container. The picture's chunks (VP8, VP8L, ALPH,
ANIM, ANMF) and the ICC profile are kept as they are.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

from bantin.tools.privacy.payloads import (
    Cleaned,
    NotCleanable,
    Private,
    clean_exif,
    clean_xmp,
    exif_findings,
    found_in,
    xmp_findings,
)

_CUT = "ảnh WebP bị cắt hoặc hỏng"
_XMP_FLAG = 0x04


def _chunks(data: bytes) -> tuple[list[tuple[bytes, bytes]], bytes]:
    """(FourCC, payload) of every chunk in the RIFF container, and what follows the container."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise NotCleanable(_CUT)
    end = 8 + struct.unpack_from("<I", data, 4)[0]
    if end > len(data):
        raise NotCleanable(_CUT)
    chunks, pos = [], 12
    while pos < end:
        if pos + 8 > end:
            raise NotCleanable(_CUT)
        kind, size = struct.unpack_from("<4sI", data, pos)
        if pos + 8 + size > end:
            raise NotCleanable(_CUT)
        chunks.append((kind, data[pos + 8:pos + 8 + size]))
        pos += 8 + size + size % 2
    return chunks, data[end:]


def picture(data: bytes) -> list[tuple[bytes, bytes]]:
    return [(kind, payload) for kind, payload in _chunks(data)[0] if kind not in (b"EXIF", b"XMP ", b"VP8X")]


def _findings(kind: bytes, payload: bytes) -> frozenset[Private]:
    if kind == b"EXIF":
        return exif_findings(payload)
    if kind == b"XMP ":
        return xmp_findings(payload)
    return frozenset()


def clean(data: bytes) -> Cleaned:
    chunks, trailer = _chunks(data)
    found = found_in(chunks, trailer, _findings)
    if not found:
        return Cleaned(data)
    kept = []
    for kind, payload in chunks:
        if kind == b"EXIF":
            payload = clean_exif(payload)
        elif kind == b"XMP ":
            payload = clean_xmp(payload)
            if not payload:
                continue
        kept.append((kind, payload))
    if not any(kind == b"XMP " for kind, _ in kept):
        kept = [(kind, bytes([payload[0] & ~_XMP_FLAG]) + payload[1:] if kind == b"VP8X" else payload)
                for kind, payload in kept]
    body = b"".join(struct.pack("<4sI", kind, len(payload)) + payload + b"\x00" * (len(payload) % 2)
                    for kind, payload in kept)
    return Cleaned(b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body, frozenset(found))


def scan(f: BinaryIO) -> frozenset[Private]:
    """What the EXIF and XMP chunks hold, skipping over the picture's data."""
    found: set[Private] = set()
    head = f.read(12)
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WEBP":
        return frozenset()
    end = 8 + struct.unpack_from("<I", head, 4)[0]
    pos = 12
    while pos + 8 <= end:
        chunk = f.read(8)
        if len(chunk) < 8:
            break
        kind, size = struct.unpack("<4sI", chunk)
        if kind in (b"EXIF", b"XMP "):
            found |= _findings(kind, f.read(size))
            f.seek(size % 2, 1)
        else:
            f.seek(size + size % 2, 1)
        pos += 8 + size + size % 2
    return frozenset(found)
