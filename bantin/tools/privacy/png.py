"""PNG: the metadata chunks rewritten, every other chunk copied byte for byte.

Rewritten: eXIf (EXIF, cleaned), the XMP packet in iTXt 'XML:com.adobe.xmp' (cleaned). Dropped:
ImageMagick's 'Raw profile type exif/app1/xmp' text chunks holding any of it (hex-encoded copies)
and whatever follows IEND. Every other chunk (IHDR, palette, IDAT, colour, text) is kept.
"""

from __future__ import annotations

import struct
import zlib
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

SIGNATURE = b"\x89PNG\r\n\x1a\n"
XMP_KEYWORD = b"XML:com.adobe.xmp"
_RAW_PROFILES = {b"exif": exif_findings, b"app1": exif_findings, b"xmp": xmp_findings}
_METADATA = {b"eXIf", b"iTXt", b"tEXt", b"zTXt"}
_CUT = "ảnh PNG bị cắt hoặc hỏng"
UNREADABLE = frozenset({Private.UNREADABLE})


def _chunks(data: bytes) -> tuple[list[tuple[bytes, bytes]], bytes]:
    """(type, payload) of every chunk up to IEND, and what follows it."""
    if not data.startswith(SIGNATURE):
        raise NotCleanable(_CUT)
    chunks, pos = [], len(SIGNATURE)
    while True:
        if pos + 12 > len(data):
            raise NotCleanable(_CUT)
        length, kind = struct.unpack_from(">I4s", data, pos)
        end = pos + 12 + length
        if end > len(data):
            raise NotCleanable(_CUT)
        chunks.append((kind, data[pos + 8:pos + 8 + length]))
        pos = end
        if kind == b"IEND":
            return chunks, data[pos:]


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def picture(data: bytes) -> list[tuple[bytes, bytes]]:
    return [(kind, payload) for kind, payload in _chunks(data)[0] if kind not in _METADATA]


def _itxt_xmp(payload: bytes) -> tuple[bytes, bytes | None] | None:
    """(the iTXt's header up to its text, the XMP packet or None if it cannot be inflated) of an
    XMP iTXt chunk; None for any other chunk."""
    keyword, _, rest = payload.partition(b"\x00")
    if keyword != XMP_KEYWORD or len(rest) < 2:
        return None
    compressed = rest[0] == 1
    language, _, rest2 = rest[2:].partition(b"\x00")
    translated, _, text = rest2.partition(b"\x00")
    head = payload[:len(payload) - len(text)]
    try:
        return head, zlib.decompress(text) if compressed else text
    except zlib.error:
        return head, None


def _raw_profile(kind: bytes, payload: bytes) -> tuple[bytes, bytes | None] | None:
    """(profile name, its bytes or None if unreadable) of ImageMagick's 'Raw profile type NAME'
    text chunk, else None."""
    keyword, _, rest = payload.partition(b"\x00")
    if not keyword.lower().startswith(b"raw profile type "):
        return None
    name = keyword[17:].lower()
    try:
        text = zlib.decompress(rest[1:]) if kind == b"zTXt" else rest
        lines = text.split(b"\n")
        return name, bytes.fromhex(b"".join(line.strip() for line in lines[3:]).decode("ascii"))
    except (zlib.error, ValueError):
        return name, None


def _chunk_findings(kind: bytes, payload: bytes) -> frozenset[Private]:
    if kind == b"eXIf":
        return exif_findings(payload)
    if kind == b"iTXt" and (xmp := _itxt_xmp(payload)):
        return xmp_findings(xmp[1]) if xmp[1] is not None else UNREADABLE
    if kind in (b"tEXt", b"zTXt") and (raw := _raw_profile(kind, payload)) and raw[0] in _RAW_PROFILES:
        return _RAW_PROFILES[raw[0]](raw[1]) if raw[1] is not None else UNREADABLE
    return frozenset()


def clean(data: bytes) -> Cleaned:
    chunks, trailer = _chunks(data)
    found = found_in(chunks, trailer, _chunk_findings)
    if not found:
        return Cleaned(data)
    out = [SIGNATURE]
    for kind, payload in chunks:
        if kind == b"eXIf":
            payload = clean_exif(payload)
        elif kind == b"iTXt" and (xmp := _itxt_xmp(payload)):
            cleaned = clean_xmp(xmp[1]) if xmp[1] is not None else b""
            if not cleaned:
                continue
            head = xmp[0][:len(XMP_KEYWORD) + 1] + b"\x00\x00" + xmp[0][len(XMP_KEYWORD) + 3:]  # stored uncompressed
            payload = head + cleaned
        elif kind in (b"tEXt", b"zTXt") and _chunk_findings(kind, payload):
            continue  # a hex copy of EXIF or XMP: the eXIf/iTXt chunks are the ones readers use
        out.append(_chunk(kind, payload))
    return Cleaned(b"".join(out), frozenset(found))


def scan(f: BinaryIO) -> frozenset[Private]:
    """What the metadata chunks hold, skipping over the picture's data."""
    found: set[Private] = set()
    if f.read(8) != SIGNATURE:
        return frozenset()
    while True:
        head = f.read(8)
        if len(head) < 8:
            return frozenset(found)
        length, kind = struct.unpack(">I4s", head)
        if kind == b"IEND":
            return frozenset(found)
        if kind in _METADATA:
            found |= _chunk_findings(kind, f.read(length))
            f.seek(4, 1)
        else:
            f.seek(length + 4, 1)
