"""Shared test factories: model objects with every field a test does not care about filled in, and the
files a test writes: posts, photos and whole projects."""

from __future__ import annotations

import datetime as dt
import shutil
import struct
import zlib
from collections.abc import Mapping
from pathlib import Path

from PIL import Image

from bantin.model.content import Post
from bantin.model.dates import TZ
from bantin.model.registry import Registry
from bantin.model.terms import parse_term
from sitebuild import FIXTURES_DIR, copy_sample

DEFAULT_DATE = dt.datetime(2020, 1, 16, tzinfo=TZ)


def make_post(path: str = "posts/a.md", **fields) -> Post:
    """A valid, published Post; `fields` override any of its fields by name."""
    values = dict(path=path, title="Tiêu đề", date=DEFAULT_DATE, agency="a", units=(), terms=(), kind="k", tags=(),
                  author="", source="", summary="", cover=None, photos=(), draft=False, slug="a", aliases=(),
                  body="", body_line=1)
    values.update(fields)
    return Post(**values)


def make_answers(registry: Registry, *, title: str = "Đại hội", date: dt.datetime = DEFAULT_DATE,
                 agency: str = "so-cong-thuong", kind: str = "dai-hoi-chi-bo", units: tuple[str, ...] = (),
                 terms: tuple[str, ...] = (), author: str = ""):
    """`bantin new`'s values for a post (bantin.tools.new_answers.Answers), named by registry keys."""
    from bantin.tools.new_answers import Answers

    found = registry.agencies[agency]
    by_key = {unit.key: unit for unit in found.units}
    return Answers(title, date, found, registry.kinds[kind], tuple(by_key[key] for key in units),
                   tuple(parse_term(t) for t in terms), author)


def write_post(root: Path, rel: str, front: str, body: str = "Nội dung.\n") -> Path:
    """The post file `root/rel`: front matter `front` (its lines without the '---') and `body`."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front.strip()}\n---\n\n{body}", encoding="utf-8")
    return path


Colour = tuple[int, ...] | str
Box = tuple[int, int, int, int]


def make_photo(path: Path, size: tuple[int, int] = (8, 8), colour: Colour = (0, 0, 0), *,
               areas: Mapping[Box, Colour] | None = None, picture: Image.Image | None = None,
               orientation: int | None = None, make: str | None = None, serial: str | None = None,
               gps: Mapping[int, object] | None = None, lens_serial: str | None = None, owner: str | None = None,
               maker_note: bytes | None = None, xmp: bytes | None = None, **save) -> Path:
    """A photo file in the format its name's extension says (JPEG, PNG, WebP…): `size` pixels of
    `colour` (RGBA when it has four values) with `areas` {box: colour} painted over it, or a whole
    `picture`. EXIF as a camera writes it, only when asked: `orientation`, `make`, `serial` (the
    body's serial number), `lens_serial`, `owner` (the camera owner's name), `maker_note` (the
    maker's block) and `gps` (the GPS entries by tag, e.g. `CAMERA_GPS`); `xmp`, an XMP packet
    (in an iTXt chunk for PNG). `save` goes to PIL (quality=95, …)."""
    if picture is None:
        picture = Image.new("RGBA" if isinstance(colour, tuple) and len(colour) == 4 else "RGB", size, colour)
        for box, painted in (areas or {}).items():
            picture.paste(painted, box)
    if any(value is not None for value in (orientation, make, serial, gps, lens_serial, owner, maker_note)):
        exif = Image.Exif()
        if orientation is not None:
            exif[0x0112] = orientation
        if make is not None:
            exif[0x010F] = make
        in_exif_ifd = {0xA431: serial, 0xA435: lens_serial, 0xA430: owner, 0x927C: maker_note}
        for tag, value in in_exif_ifd.items():
            if value is not None:
                exif.get_ifd(0x8769)[tag] = value  # in the Exif IFD
        if gps is not None:
            exif.get_ifd(0x8825).update(gps)  # the GPS IFD
        save["exif"] = exif.tobytes()
    if xmp is not None and path.suffix.lower() == ".png":
        from PIL.PngImagePlugin import PngInfo

        info = PngInfo()
        info.add_itxt("XML:com.adobe.xmp", xmp.decode("utf-8"))
        save["pnginfo"] = info
    elif xmp is not None:
        save["xmp"] = xmp
    picture.save(path, **save)
    return path


CAMERA_GPS = {1: "N", 2: (20.0, 32.0, 15.5), 3: "E", 4: (105.0, 55.0, 4.2)}  # a fictional spot in the GPS IFD


def xmp_packet(*properties: str, elements: str = "") -> bytes:
    """An XMP packet as cameras and editors write it: `properties` as attributes of its
    rdf:Description ('exif:GPSLatitude="20,32.25N"'), `elements` inside it."""
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" '
            'xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:aux="http://ns.adobe.com/exif/1.0/aux/" '
            'xmlns:exifEX="http://cipa.jp/exif/1.0/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:tiff="http://ns.adobe.com/tiff/1.0/" '
            + " ".join(properties) + f">{elements}</rdf:Description></rdf:RDF></x:xmpmeta>"
            '<?xpacket end="w"?>').encode("utf-8")


def png_header(width: int, height: int) -> bytes:
    """A PNG that says it is width×height and holds almost nothing: the header is all that a size
    check reads."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00")) + chunk(b"IEND", b""))


def edit(path: Path, old: str, new: str, count: int = -1) -> Path:
    """Replace `old` (which must be there) by `new` in a text file, as an editor would."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} has no {old!r}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def make_project(root: Path, *, sample: bool = False, registry: Path | str | None = None,
                 posts: Mapping[str, str | bytes] | None = None, config: Mapping[str, str] | None = None,
                 files: Mapping[str, str | bytes] | None = None) -> Path:
    """A project folder at `root` (made if missing) to build, check or load, and return it.

    Bare by default: the test registry (tests/fixtures/registry.yml), an empty posts/, no mkdocs.yml.
    `sample`: a copy of the repository's sample site instead (mkdocs.yml, registry, posts, photos,
    the URL record bantin.lock.json).
    `registry`: another registry.yml, a file to copy (a Path) or its text.
    `posts`: {path in the project: text} of every post; in a sample they replace its own posts, and
    the URL record that names those goes too.
    `config`: {old: new} replacements in mkdocs.yml (each must be there).
    `files`: {path in the project: text or bytes} of any other file, written last; e.g.
    {"site/index.html": "trang cũ"} for the site an earlier build left.
    """
    if sample:
        copy_sample(root)
    else:
        root.mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES_DIR / "registry.yml", root / "registry.yml")
        (root / "posts").mkdir()
    if isinstance(registry, Path):
        shutil.copy(registry, root / "registry.yml")
    elif registry is not None:
        (root / "registry.yml").write_text(registry, encoding="utf-8")
    if posts is not None and sample:
        shutil.rmtree(root / "posts")
        (root / "posts").mkdir()
        (root / "bantin.lock.json").unlink(missing_ok=True)
    for old, new in (config or {}).items():
        edit(root / "mkdocs.yml", old, new)
    for rel, content in {**(posts or {}), **(files or {})}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def full_disk(monkeypatch) -> None:
    """Every file opened for writing through Path.write_bytes or Path.open takes no byte: ENOSPC
    (`monkeypatch.undo()` ends it)."""
    real_open = Path.open

    def write_bytes(self, data):
        raise OSError(28, "No space left on device")

    def opened(self, mode="r", *args, **kwargs):
        if not any(c in mode for c in "wax+"):
            return real_open(self, mode, *args, **kwargs)
        handle = real_open(self, mode, *args, **kwargs)

        def write(data):
            raise OSError(28, "No space left on device")

        handle.write = write  # type: ignore[method-assign]
        return handle

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    monkeypatch.setattr(Path, "open", opened)
