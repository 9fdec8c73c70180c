"""EXIF and XMP, whatever file holds them: what private data they carry, and themselves without it."""

from __future__ import annotations

import enum
import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass


class Private(enum.Enum):
    """What a photo may tell about who took it and where; the value is how staff are told."""

    GPS = "tọa độ GPS (nơi chụp)"
    BODY_SERIAL = "số sê-ri máy ảnh"
    LENS_SERIAL = "số sê-ri ống kính"
    OWNER = "tên chủ máy ảnh"
    MAKER_NOTE = "dữ liệu riêng của hãng máy (MakerNote, có số sê-ri)"
    UNREADABLE = "thông tin EXIF/XMP hỏng, không đọc được (có thể chứa GPS)"
    EXTRA = "ảnh phụ hoặc dữ liệu gắn sau ảnh (MPO, ảnh động)"


def labels(found: Iterable[Private]) -> str:
    """'tọa độ GPS (nơi chụp), số sê-ri máy ảnh': in a fixed order, whatever the set's."""
    found = set(found)
    return ", ".join(p.value for p in Private if p in found)


@dataclass(frozen=True)
class Cleaned:
    """A file's bytes without its private data, and what was removed (empty: `data` is the input)."""

    data: bytes
    removed: frozenset[Private] = frozenset()


class NotCleanable(Exception):
    """A file whose structure cannot be read (cut, damaged, not a JPEG/PNG/WebP); Vietnamese."""


# -- EXIF ----------------------------------------------------------------------------------------------
EXIF_PREFIX = b"Exif\x00\x00"
GPS_IFD, EXIF_IFD, INTEROP_IFD = 0x8825, 0x8769, 0xA005
ORIENTATION = 0x0112
# Tags that say who owns the camera, wherever a writer put them (IFD0 or the Exif IFD).
_PRIVATE_TAGS = {
    0xA431: Private.BODY_SERIAL,  # BodySerialNumber
    0xC62F: Private.BODY_SERIAL,  # CameraSerialNumber (DNG)
    0xA435: Private.LENS_SERIAL,  # LensSerialNumber
    0xA430: Private.OWNER,  # CameraOwnerName
    0x927C: Private.MAKER_NOTE,  # MakerNote
}


def _load_exif(payload: bytes):
    from PIL import Image

    exif = Image.Exif()
    exif.load(payload)
    return exif


def exif_findings(payload: bytes) -> frozenset[Private]:
    """What an EXIF block (a TIFF structure, with or without 'Exif\\0\\0' before it) holds."""
    if not payload.removeprefix(EXIF_PREFIX).strip(b"\x00"):
        return frozenset()
    try:
        exif = _load_exif(payload)
        found = {private for tag, private in _PRIVATE_TAGS.items() if tag in exif}
        if _has_gps(exif.get_ifd(GPS_IFD)):
            found.add(Private.GPS)
        found |= {private for tag, private in _PRIVATE_TAGS.items() if tag in exif.get_ifd(EXIF_IFD)}
    except Exception:  # noqa: BLE001 - Pillow's TIFF reader raises anything on a damaged block
        return frozenset({Private.UNREADABLE})
    return frozenset(found)


def _has_gps(gps: dict) -> bool:
    return any(tag != 0 for tag in gps)  # a lone GPSVersionID (0) says nothing of a place


def clean_exif(payload: bytes) -> bytes:
    """The EXIF block without GPS, serials, owner name and MakerNote; everything else kept
    (orientation, make, model, date, exposure), with the prefix and byte order it had. The
    thumbnail (IFD1) goes too: Pillow does not write it. A block Pillow cannot read keeps only
    its orientation."""
    from PIL import Image

    prefix = EXIF_PREFIX if payload.startswith(EXIF_PREFIX) else b""
    try:
        source = _load_exif(payload)
        out = Image.Exif()
        out.endian = source.endian
        for tag, value in source.items():
            if tag == GPS_IFD or tag in _PRIVATE_TAGS:
                continue
            if tag == EXIF_IFD:
                value = {t: v for t, v in source.get_ifd(EXIF_IFD).items() if t not in _PRIVATE_TAGS}
                if INTEROP_IFD in value:
                    value[INTEROP_IFD] = source.get_ifd(INTEROP_IFD)
            out[tag] = value
        data = out.tobytes()
        if len(data) > 65533 - 2:  # more than one JPEG segment holds: keep what matters to readers
            raise ValueError("EXIF too long")
    except Exception:  # noqa: BLE001 - unreadable: its orientation alone, read by hand
        data = _orientation_only(payload.removeprefix(EXIF_PREFIX))
    return prefix + data.removeprefix(EXIF_PREFIX)


def _orientation_only(tiff: bytes) -> bytes:
    """An EXIF block holding only the orientation of a damaged one (none if unreadable)."""
    from PIL import Image

    out = Image.Exif()
    orientation = _raw_orientation(tiff)
    if orientation:
        out[ORIENTATION] = orientation
    return out.tobytes()


def _raw_orientation(tiff: bytes) -> int | None:
    """Tag 0x0112 of IFD0, read straight from the TIFF bytes."""
    try:
        order = {b"II": "<", b"MM": ">"}[tiff[:2]]
        (offset,) = struct.unpack_from(order + "I", tiff, 4)
        (count,) = struct.unpack_from(order + "H", tiff, offset)
        for i in range(count):
            tag, kind, _n, value = struct.unpack_from(order + "HHI4s", tiff, offset + 2 + 12 * i)
            if tag == ORIENTATION and kind == 3:
                orientation = struct.unpack_from(order + "H", value)[0]
                return orientation if 1 <= orientation <= 8 else None
    except (KeyError, struct.error):
        pass
    return None


# -- XMP -----------------------------------------------------------------------------------------------
# XMP properties by local name, any namespace prefix: exif:GPSLatitude, drone-dji:GpsLongitude,
# aux:SerialNumber, exifEX:BodySerialNumber, aux:LensSerialNumber, exifEX:CameraOwnerName…
_XMP_NAME = r"(?:(?i:gps)(?!VersionID\b)\w*|(?:Body|Camera)?SerialNumber|LensSerialNumber|(?:Camera)?OwnerName)"
_QNAME = rf"[\w.-]+:(?P<local>{_XMP_NAME})(?![\w.-])"
_ATTRIBUTE = re.compile(rf"\s+{_QNAME}\s*=\s*(?:\"[^\"]*\"|'[^']*')")
_EMPTY_ELEMENT = re.compile(rf"<(?P<q>{_QNAME})(?:\s[^<>]*)?/>")
_ELEMENT = re.compile(rf"<(?P<q>{_QNAME})(?:\s[^<>]*)?>.*?</(?P=q)\s*>", re.S)
_ANY = re.compile(rf"[<\s]{_QNAME}")


def _xmp_kind(local: str) -> Private:
    name = local.lower()
    if name.startswith("gps"):
        return Private.GPS
    if name.startswith("lens"):
        return Private.LENS_SERIAL
    return Private.OWNER if name.endswith("ownername") else Private.BODY_SERIAL


def _xmp_text(packet: bytes) -> str | None:
    try:
        return packet.decode("utf-8")
    except UnicodeDecodeError:  # UTF-16/32 packets exist in theory: such a packet goes whole
        return None


def xmp_findings(packet: bytes) -> frozenset[Private]:
    """What an XMP packet says of place, serials and owner."""
    text = _xmp_text(packet)
    if text is None:
        bare = packet.replace(b"\x00", b"")
        return frozenset({Private.GPS}) if re.search(rb"(?i)gps|serialnumber|ownername", bare) else frozenset()
    return frozenset(_xmp_kind(m.group("local")) for m in _ANY.finditer(text))


def clean_xmp(packet: bytes) -> bytes:
    """The XMP packet without those properties (attributes and elements); b"" when they cannot be
    cut out cleanly, the whole packet then goes."""
    text = _xmp_text(packet)
    if text is None:
        return b""
    for pattern in (_ELEMENT, _EMPTY_ELEMENT, _ATTRIBUTE):
        text = pattern.sub("", text)
    if _ANY.search(text):
        return b""
    return text.encode("utf-8")


def found_in(pieces: Iterable[tuple[bytes, bytes]], trailer: bytes, findings) -> set[Private]:
    """What a container's chunks hold (`findings(kind, payload)` each), and data after its end."""
    found = {private for kind, payload in pieces for private in findings(kind, payload)}
    if trailer.strip(b"\x00\r\n\t "):  # padding after the end is no finding
        found.add(Private.EXTRA)
    return found
