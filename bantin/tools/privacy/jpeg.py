"""JPEG: the metadata segments rewritten, the picture's segments and scans copied byte for byte.

Rewritten: APP1 EXIF and XMP (cleaned; an extended XMP holding any of it goes whole), APP13
Photoshop (without its copies of EXIF and XMP). Dropped: the MPO index (APP2 MPF) and whatever
follows the picture's end (an MPO's other pictures, a motion photo's video). Every other segment
(JFIF, ICC profile, Adobe, comments, the tables, frames and scans of the picture) is copied as it
is. A file with nothing to remove is not rewritten at all.
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
    xmp_findings,
)

EXIF = b"Exif\x00\x00"
XMP = b"http://ns.adobe.com/xap/1.0/\x00"
XMP_EXTENSION = b"http://ns.adobe.com/xmp/extension/\x00"
PHOTOSHOP = b"Photoshop 3.0\x00"
MPF = b"MPF\x00"
_STANDALONE = {0x01, *range(0xD0, 0xD8)}  # TEM, RST0-7: markers without a length
_CUT = "ảnh JPEG bị cắt hoặc hỏng"


def _segments(data: bytes) -> tuple[list[tuple[int, bytes]], bytes]:
    """The picture as (marker, bytes) pieces up to its end (EOI), and what follows it. Marker 0
    is a scan's entropy-coded data; bytes between segments that are no marker are left out."""
    if not data.startswith(b"\xff\xd8"):
        raise NotCleanable(_CUT)
    pieces: list[tuple[int, bytes]] = [(0xD8, data[:2])]
    pos, size = 2, len(data)
    while True:
        while pos < size and data[pos] != 0xFF:  # stray bytes: decoders skip them, so do we
            pos += 1
        while pos + 1 < size and data[pos + 1] == 0xFF:  # fill bytes before a marker
            pos += 1
        if pos + 1 >= size:
            raise NotCleanable(_CUT)
        marker = data[pos + 1]
        if marker == 0xD9:
            pieces.append((marker, data[pos:pos + 2]))
            return pieces, data[pos + 2:]
        if marker in _STANDALONE or marker == 0:
            pieces.append((marker, data[pos:pos + 2]))
            pos += 2
            continue
        if pos + 4 > size:
            raise NotCleanable(_CUT)
        end = pos + 2 + struct.unpack_from(">H", data, pos + 2)[0]
        if end > size:
            raise NotCleanable(_CUT)
        pieces.append((marker, data[pos:end]))
        pos = end
        if marker == 0xDA:  # a scan: entropy-coded data up to the next marker but RSTn
            scan = pos
            while True:
                pos = data.find(b"\xff", pos)
                if pos < 0 or pos + 1 >= size:
                    raise NotCleanable(_CUT)
                following = data[pos + 1]
                if following == 0 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    pos += 2 if following != 0xFF else 1
                    continue
                break
            pieces.append((0, data[scan:pos]))


def _is_metadata(marker: int) -> bool:
    return 0xE0 <= marker <= 0xEF or marker == 0xFE


def picture(data: bytes) -> list[bytes]:
    """Every piece of the picture but its metadata: equal for a file and its cleaned copy."""
    return [piece for marker, piece in _segments(data)[0] if not _is_metadata(marker)]


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def _findings(pieces: list[tuple[int, bytes]]) -> tuple[set[Private], bool]:
    """What the metadata segments hold, and whether the extended XMP is among the holders."""
    found: set[Private] = set()
    extension = []
    for marker, piece in pieces:
        payload = piece[4:]
        if marker == 0xE1 and payload.startswith(EXIF):
            found |= exif_findings(payload)
        elif marker == 0xE1 and payload.startswith(XMP):
            found |= xmp_findings(payload[len(XMP):])
        elif marker == 0xE1 and payload.startswith(XMP_EXTENSION):  # GUID, length, offset, then a part
            rest = payload[len(XMP_EXTENSION):]
            extension.append((rest[36:40], rest[40:]))
        elif marker == 0xED and payload.startswith(PHOTOSHOP):
            found |= _photoshop(payload[len(PHOTOSHOP):])[1]
        elif marker == 0xE2 and payload.startswith(MPF):
            found.add(Private.EXTRA)  # the index of other pictures stored after this one
    extended = xmp_findings(b"".join(part for _, part in sorted(extension))) if extension else frozenset()
    return found | extended, bool(extended)


def clean(data: bytes) -> Cleaned:
    pieces, trailer = _segments(data)
    found, drop_extension = _findings(pieces)
    if trailer.strip(b"\x00\xff\r\n\t "):
        found.add(Private.EXTRA)
    if not found:
        return Cleaned(data)
    out = []
    for marker, piece in pieces:
        payload = piece[4:]
        if marker == 0xE1 and payload.startswith(EXIF):
            piece = _segment(marker, clean_exif(payload))
        elif marker == 0xE1 and payload.startswith(XMP):
            cleaned = clean_xmp(payload[len(XMP):])
            piece = _segment(marker, XMP + cleaned) if cleaned else b""
        elif marker == 0xE1 and payload.startswith(XMP_EXTENSION) and drop_extension:
            piece = b""
        elif marker == 0xED and payload.startswith(PHOTOSHOP):
            resources = _photoshop(payload[len(PHOTOSHOP):])[0]
            piece = _segment(marker, PHOTOSHOP + resources)
        elif marker == 0xE2 and payload.startswith(MPF):
            piece = b""  # its pictures after this one are not kept
        out.append(piece)
    return Cleaned(b"".join(out), frozenset(found))


_PHOTOSHOP_COPIES = {0x0422, 0x0423, 0x0424}  # EXIF data 1 and 3, XMP: copies kept by Photoshop


def _photoshop(resources: bytes) -> tuple[bytes, set[Private]]:
    """Photoshop's image resources without its copies of EXIF and XMP, and what those held.
    Resources it cannot read are kept as they are."""
    found: set[Private] = set()
    out, pos = [], 0
    try:
        while pos + 12 <= len(resources) and resources[pos:pos + 4] == b"8BIM":
            start = pos
            (ident,) = struct.unpack_from(">H", resources, pos + 4)
            name_len = resources[pos + 6]
            pos += 6 + name_len + 1 + ((name_len + 1) % 2)
            (size,) = struct.unpack_from(">I", resources, pos)
            data = resources[pos + 4:pos + 4 + size]
            pos += 4 + size + size % 2
            if ident in _PHOTOSHOP_COPIES:
                found |= exif_findings(data) if ident != 0x0424 else xmp_findings(data)
            else:
                out.append(resources[start:pos])
    except (IndexError, struct.error):
        return resources, set()
    return (b"".join(out) + resources[pos:] if found else resources), found


def scan(f: BinaryIO) -> frozenset[Private]:
    """What the metadata segments before the first scan hold, reading nothing of the picture."""
    if f.read(2) != b"\xff\xd8":
        return frozenset()
    pieces: list[tuple[int, bytes]] = []
    while True:
        head = f.read(2)
        while len(head) == 2 and head == b"\xff\xff":  # fill bytes
            head = head[1:] + f.read(1)
        if len(head) < 2 or head[0] != 0xFF or head[1] in (0xD9, 0xDA):
            return frozenset(_findings(pieces)[0])
        marker = head[1]
        if marker in _STANDALONE:
            continue
        length = f.read(2)
        if len(length) < 2:
            return frozenset(_findings(pieces)[0])
        size = struct.unpack(">H", length)[0] - 2
        if _is_metadata(marker):
            pieces.append((marker, head + length + f.read(size)))
        else:
            f.seek(size, 1)
