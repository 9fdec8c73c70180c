"""bantin.tools.privacy: what a photo file tells about where it was taken and whose camera took
it, and the same file without it, its picture untouched (JPEG, PNG, WebP)."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from bantin.tools import privacy
from bantin.tools.privacy import NotCleanable, Private, jpeg, png, webp
from factories import CAMERA_GPS, make_photo, xmp_packet

EVERYTHING = frozenset({Private.GPS, Private.BODY_SERIAL, Private.LENS_SERIAL, Private.OWNER, Private.MAKER_NOTE})
XMP = xmp_packet('exif:GPSLatitude="20,32.25N"', 'exif:GPSLongitude="105,55.07E"', 'aux:SerialNumber="0451189"',
                 'xmp:Rating="5"', 'tiff:Orientation="6"',
                 elements="<exifEX:LensSerialNumber>LX-77</exifEX:LensSerialNumber>"
                          "<exifEX:CameraOwnerName>Trần Thu Hà</exifEX:CameraOwnerName>"
                          "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Đại hội</rdf:li></rdf:Alt></dc:title>")
CONTAINERS = {".jpg": jpeg, ".png": png, ".webp": webp}


def camera_photo(path: Path, **extra) -> Path:
    """A picture as a camera stores it (stored on its side: orientation 6) with every private thing."""
    options = dict(orientation=6, make="Canon", serial="0451189", lens_serial="LX-77", owner="Trần Thu Hà",
                   maker_note=b"Canon\x00serial 0451189" * 4, gps=CAMERA_GPS, xmp=XMP)
    options.update(extra)
    if path.suffix == ".webp":
        options.setdefault("lossless", True)
    return make_photo(path, (64, 48), (20, 20, 220), areas={(0, 0, 32, 24): (220, 20, 20)}, **options)


def pixels(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as im:
        return im.convert("RGB").tobytes()


@pytest.mark.parametrize("suffix", [".jpg", ".png", ".webp"])
def test_a_camera_photo_loses_place_serials_owner_and_maker_note_and_keeps_orientation_and_pixels(tmp_path, suffix):
    source = camera_photo(tmp_path / f"anh{suffix}")
    original = source.read_bytes()
    assert privacy.scan(source) == EVERYTHING  # the header says it all, EXIF and XMP

    cleaned = privacy.clean(original)
    assert cleaned.removed == EVERYTHING
    assert source.read_bytes() == original  # bytes in, bytes out: the file is not touched
    with Image.open(io.BytesIO(cleaned.data)) as im:
        exif = im.getexif()
        assert exif[0x0112] == 6 and exif[0x010F] == "Canon"  # orientation and make kept
        assert dict(exif.get_ifd(0x8825)) == {}
        assert not {0xA431, 0xA435, 0xA430, 0x927C} & set(exif.get_ifd(0x8769))
        xmp = im.info["xmp"]
        xmp = xmp if isinstance(xmp, bytes) else xmp.encode()
    for gone in (b"GPS", b"SerialNumber", b"0451189", b"LX-77", "Trần Thu Hà".encode()):
        assert gone not in cleaned.data
    assert b'xmp:Rating="5"' in xmp and "Đại hội".encode() in xmp and b'tiff:Orientation="6"' in xmp
    assert pixels(cleaned.data) == pixels(original)
    assert CONTAINERS[suffix].picture(cleaned.data) == CONTAINERS[suffix].picture(original)  # byte for byte
    # A second time there is nothing left to remove: the same bytes come back.
    again = privacy.clean(cleaned.data)
    assert again.removed == frozenset() and again.data is cleaned.data


def test_a_jpeg_keeps_its_scan_tables_icc_profile_and_comment_byte_for_byte(tmp_path):
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    source = camera_photo(tmp_path / "anh.jpg", icc_profile=icc, quality=90, comment=b"OLYMPUS DIGITAL CAMERA")
    original = source.read_bytes()
    cleaned = privacy.clean(original).data
    scan = original.index(b"\xff\xda")  # from the first scan to the end: the picture, untouched
    assert cleaned.endswith(original[scan:])
    with Image.open(io.BytesIO(cleaned)) as im:
        assert im.info["icc_profile"] == icc and im.info["comment"] == b"OLYMPUS DIGITAL CAMERA"
        assert im.quantization == Image.open(source).quantization


@pytest.mark.parametrize("suffix", [".jpg", ".png", ".webp"])
def test_a_photo_without_metadata_or_with_harmless_metadata_is_returned_as_it_is(tmp_path, suffix):
    bare = make_photo(tmp_path / f"tron{suffix}", (16, 16), (1, 2, 3)).read_bytes()
    assert privacy.clean(bare).data is bare and privacy.clean(bare).removed == frozenset()
    harmless = make_photo(tmp_path / f"may{suffix}", (16, 16), (1, 2, 3), orientation=8, make="Nikon",
                          gps={0: b"\x02\x03\x00\x00"},  # a lone GPSVersionID tells no place
                          xmp=xmp_packet('xmp:Rating="3"', 'exif:GPSVersionID="2.3.0.0"'))
    assert privacy.scan(harmless) == frozenset()
    data = harmless.read_bytes()
    assert privacy.clean(data).data is data


@pytest.mark.parametrize("data, message", [
    (b"Bien ban hop chi bo\n", "không phải ảnh JPEG, PNG hay WebP"),
    (b"PK\x03\x04" + b"\x00" * 40, "không phải ảnh JPEG, PNG hay WebP"),  # a .docx is a zip
    (b"", "không phải ảnh JPEG, PNG hay WebP"),
])
def test_what_is_not_a_photo_is_refused(tmp_path, data, message):
    with pytest.raises(NotCleanable) as raised:
        privacy.clean(data)
    assert str(raised.value) == message
    (tmp_path / "x.jpg").write_bytes(data)
    assert privacy.scan(tmp_path / "x.jpg") == frozenset()


@pytest.mark.parametrize("suffix, message", [(".jpg", "ảnh JPEG bị cắt hoặc hỏng"), (".png", "ảnh PNG bị cắt hoặc hỏng"),
                                             (".webp", "ảnh WebP bị cắt hoặc hỏng")])
def test_a_photo_cut_short_is_refused_not_rewritten(tmp_path, suffix, message):
    data = camera_photo(tmp_path / f"anh{suffix}").read_bytes()
    with pytest.raises(NotCleanable) as raised:
        privacy.clean(data[: len(data) - 40])
    assert str(raised.value) == message


def test_whatever_follows_the_picture_goes_an_mpo_s_other_pictures_with_their_gps(tmp_path):
    main = make_photo(tmp_path / "a.jpg", (32, 32), (200, 10, 10), orientation=1, make="Fujifilm").read_bytes()
    second = make_photo(tmp_path / "b.jpg", (32, 32), (10, 200, 10), gps=CAMERA_GPS).read_bytes()
    mpf = b"\xff\xe2" + struct.pack(">H", 2 + 4 + 8) + b"MPF\x00" + b"MM\x00\x2a\x00\x00\x00\x08"
    mpo = main[:2] + mpf + main[2:] + second
    cleaned = privacy.clean(mpo)
    assert cleaned.removed == {Private.EXTRA}
    assert cleaned.data == main  # the first picture alone, as it was
    (tmp_path / "c.jpg").write_bytes(mpo)
    assert privacy.scan(tmp_path / "c.jpg") == {Private.EXTRA}  # the header's MPO index says so
    padded = main + b"\x00" * 16  # padding some cameras leave is nothing to clean
    assert privacy.clean(padded).data is padded


def test_xmp_in_every_form_drones_and_elements_and_lone_names():
    packet = xmp_packet("drone-dji:GpsLatitude='+20.53' drone-dji:GpsLongitude=\"+105.91\"", 'xmp:Rating="2"',
                        elements="<exif:GPSAltitude>12/1</exif:GPSAltitude><aux:OwnerName/>"
                                 "<exif:GPSTimeStamp\n  rdf:parseType='Resource'>x</exif:GPSTimeStamp >")
    segment = b"\xff\xe1" + struct.pack(">H", 2 + 29 + len(packet)) + b"http://ns.adobe.com/xap/1.0/\x00" + packet
    data = make_photo_bytes(segment)
    cleaned = privacy.clean(data)
    assert cleaned.removed == {Private.GPS, Private.OWNER}
    with Image.open(io.BytesIO(cleaned.data)) as im:
        assert im.info["xmp"].endswith(b'xmp:Rating="2"></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')
        assert b"Gps" not in im.info["xmp"] and b"GPS" not in im.info["xmp"] and b"OwnerName" not in im.info["xmp"]


def make_photo_bytes(*segments: bytes) -> bytes:
    """A small JPEG with `segments` inserted after its start."""
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (5, 5, 5)).save(out, "JPEG")
    data = out.getvalue()
    return data[:2] + b"".join(segments) + data[2:]


def test_an_exif_block_pillow_cannot_read_keeps_only_its_orientation():
    tiff = b"II\x00\x00\x08\x00\x00\x00" + struct.pack("<H", 2)  # no TIFF magic number: Pillow refuses it
    tiff += struct.pack("<HHI", 0x0112, 3, 1) + struct.pack("<HH", 6, 0)  # orientation 6
    tiff += struct.pack("<HHII", 0x8825, 4, 1, 40) + b"\x00\x00\x00\x00"
    tiff += struct.pack("<H", 1) + struct.pack("<HHI4s", 1, 2, 2, b"N\x00\x00\x00") + b"\x00\x00\x00\x00"
    segment = b"\xff\xe1" + struct.pack(">H", 2 + 6 + len(tiff)) + b"Exif\x00\x00" + tiff
    data = make_photo_bytes(segment)
    cleaned = privacy.clean(data)
    assert cleaned.removed == {Private.UNREADABLE}
    assert tiff not in cleaned.data
    with Image.open(io.BytesIO(cleaned.data)) as im:
        assert dict(im.getexif()) == {0x0112: 6}
        assert pixels(cleaned.data) == pixels(data)


def test_photoshop_s_copies_of_exif_and_xmp_go_its_iptc_stays():
    exif = Image.Exif()
    exif.get_ifd(0x8825).update(CAMERA_GPS)
    copy = exif.tobytes()[6:]
    iptc = b"\x1c\x02\x78\x00\x07Dai hoi"  # caption

    def resource(ident: int, data: bytes) -> bytes:
        return b"8BIM" + struct.pack(">H", ident) + b"\x00\x00" + struct.pack(">I", len(data)) + data + b"\x00" * (
            len(data) % 2)
    payload = b"Photoshop 3.0\x00" + resource(0x0404, iptc) + resource(0x0422, copy)
    data = make_photo_bytes(b"\xff\xed" + struct.pack(">H", 2 + len(payload)) + payload)
    cleaned = privacy.clean(data)
    assert cleaned.removed == {Private.GPS}
    assert b"Photoshop 3.0\x00" + resource(0x0404, iptc) in cleaned.data and copy not in cleaned.data


def test_a_png_s_hex_copy_of_exif_written_by_imagemagick_goes(tmp_path):
    exif = Image.Exif()
    exif.get_ifd(0x8825).update(CAMERA_GPS)
    raw = b"Exif\x00\x00" + exif.tobytes()[6:]
    text = b"\nexif\n" + f"{len(raw):8d}".encode() + b"\n" + raw.hex().encode() + b"\n"
    payload = b"Raw profile type exif\x00\x00" + zlib.compress(text)
    data = make_photo(tmp_path / "a.png", (8, 8), (0, 0, 0)).read_bytes()
    chunk = struct.pack(">I", len(payload)) + b"zTXt" + payload + struct.pack(">I", zlib.crc32(b"zTXt" + payload))
    with_profile = data[:33] + chunk + data[33:]  # after IHDR
    cleaned = privacy.clean(with_profile)
    assert cleaned.removed == {Private.GPS} and cleaned.data == data


def test_webp_loses_its_xmp_flag_when_nothing_is_left_of_it(tmp_path):
    source = make_photo(tmp_path / "a.webp", (8, 8), (9, 9, 9), xmp=b"\xff\xfe<\x00G\x00P\x00S\x00",  # not UTF-8
                        lossless=True)
    data = source.read_bytes()
    assert privacy.scan(source) == {Private.GPS}
    cleaned = privacy.clean(data)
    assert b"XMP " not in cleaned.data
    vp8x = cleaned.data.index(b"VP8X")
    assert cleaned.data[vp8x + 8] & 0x04 == 0
    assert struct.unpack_from("<I", cleaned.data, 4)[0] == len(cleaned.data) - 8
    with Image.open(io.BytesIO(cleaned.data)) as im:
        im.load()
        assert "xmp" not in im.info
