"""bantin.site.photos: renditions, orientation, metadata, colour, bad input and the cache."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageCms

from bantin.site.photos.cache import ImageCache
from bantin.site.photos.opening import ImageError
from bantin.site.photos.process import process
from bantin.site.photos.render import render, target_widths
from bantin.site.photos.renditions import Settings
from factories import make_photo, png_header

SETTINGS = Settings(widths=(320, 640, 1280, 1920))
# The canonical picture: four coloured quadrants, so any rotation or flip shows.
QUADRANTS = {"tl": (220, 20, 20), "tr": (20, 200, 20), "bl": (20, 20, 220), "br": (240, 240, 240)}
# What a camera stores so that EXIF orientation N displays the canonical picture upright.
STORED = {1: None, 2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
          4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_90,
          7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_270}
PLACE = {1: "N", 2: (20.0, 32.0, 15.5), 3: "E", 4: (105.0, 55.0, 4.2)}  # GPS entries: where the photo was taken


def canonical(width=400, height=200) -> Image.Image:
    im = Image.new("RGB", (width, height))
    for name, colour in QUADRANTS.items():
        x0 = 0 if name[1] == "l" else width // 2
        y0 = 0 if name[0] == "t" else height // 2
        im.paste(colour, (x0, y0, x0 + width // 2, y0 + height // 2))
    return im


def camera_jpeg(path: Path, orientation: int = 1, *, gps: bool = True, size=(400, 200), icc: bytes | None = None):
    """The canonical picture as a camera stores it for `orientation`, with its make, serial number and GPS."""
    im = canonical(*size)
    if STORED[orientation] is not None:
        im = im.transpose(STORED[orientation])
    extra = {"icc_profile": icc} if icc else {}
    return make_photo(path, picture=im, orientation=orientation, make="Canon", serial="0123456789",
                      gps=PLACE if gps else None, quality=95, **extra)


def close(a, b, tolerance=40):
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def test_target_widths_never_upscale():
    assert target_widths(4000, (320, 640, 1280, 1920)) == [320, 640, 1280, 1920]
    assert target_widths(800, (320, 640, 1280, 1920)) == [320, 640, 800]
    assert target_widths(640, (320, 640, 1280)) == [320, 640]
    assert target_widths(200, (320, 640)) == [200]


@pytest.mark.parametrize("orientation", range(1, 9))
def test_orientation_is_applied(tmp_path, orientation):
    src = camera_jpeg(tmp_path / f"o{orientation}.jpg", orientation)
    out = tmp_path / "out"
    out.mkdir()
    meta = render(src, out, SETTINGS)
    assert (meta["width"], meta["height"]) == (400, 200)
    for name in ("400.jpg", "400.webp", "320.jpg"):
        with Image.open(out / name) as im:
            im = im.convert("RGB")
            w, h = im.size
            assert (w, h) in ((400, 200), (320, 160))
            assert close(im.getpixel((w // 4, h // 4)), QUADRANTS["tl"]), (orientation, name)
            assert close(im.getpixel((3 * w // 4, h // 4)), QUADRANTS["tr"])
            assert close(im.getpixel((w // 4, 3 * h // 4)), QUADRANTS["bl"])


def test_no_metadata_in_outputs(tmp_path):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    src = camera_jpeg(tmp_path / "gps.jpg", 6, icc=srgb)
    with Image.open(src) as im:
        assert im.getexif().get_ifd(0x8825)  # the original has GPS
    out = tmp_path / "out"
    out.mkdir()
    render(src, out, SETTINGS)
    for path in out.iterdir():
        data = path.read_bytes()
        with Image.open(path) as im:
            assert len(im.getexif()) == 0, path.name
            assert "icc_profile" not in im.info and "xmp" not in im.info and "exif" not in im.info, path.name
        assert b"Exif" not in data and b"Canon" not in data and b"0123456789" not in data, path.name


def test_sizes_are_capped_and_aspect_kept(tmp_path):
    src = tmp_path / "big.jpg"
    canonical(4000, 3000).save(src, "JPEG", quality=85)
    out = tmp_path / "out"
    out.mkdir()
    meta = render(src, out, SETTINGS)
    sizes = sorted({(r["width"], r["height"]) for r in meta["renditions"]})
    assert sizes == [(320, 240), (640, 480), (1280, 960), (1920, 1440)]
    assert {r["format"] for r in meta["renditions"]} == {"webp", "jpeg"}
    with Image.open(out / "1920.jpg") as im:
        assert im.size == (1920, 1440)


def test_colour_profile_is_converted_to_srgb(tmp_path):
    # A picture stored in a LAB profile: without conversion the colours would be garbage.
    lab = ImageCms.profileToProfile(canonical(), ImageCms.createProfile("sRGB"), ImageCms.createProfile("LAB"),
                                    outputMode="LAB")
    src = tmp_path / "lab.tif"
    lab.save(src, "TIFF", icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes())
    # TIFF is not an accepted format; check the conversion helper on the decoded image instead.
    from bantin.site.photos.render import _to_srgb

    with Image.open(src) as im:
        im.load()
        rgb = _to_srgb(im, im.info["icc_profile"])
    assert rgb.mode == "RGB" and close(rgb.getpixel((50, 50)), QUADRANTS["tl"], 30)


def test_png_with_transparency_gets_white_jpeg_background(tmp_path):
    src = make_photo(tmp_path / "logo.png", (100, 50), (0, 0, 0, 0), areas={(0, 0, 50, 50): (200, 0, 0, 255)})
    out = tmp_path / "out"
    out.mkdir()
    render(src, out, SETTINGS)
    with Image.open(out / "100.jpg") as jpg:
        assert close(jpg.getpixel((75, 25)), (255, 255, 255), 10)
    with Image.open(out / "100.webp") as webp:
        assert webp.mode == "RGBA" and webp.getpixel((75, 25))[3] == 0


@pytest.mark.parametrize("name, content, message", [
    ("truncated.jpg", "truncated", "ảnh bị hỏng hoặc không đầy đủ"),
    ("text.jpg", b"day khong phai la anh", "tệp không phải là ảnh, hoặc đã hỏng"),
    ("bomb.png", png_header(30000, 30000), "ảnh có 900 triệu điểm ảnh, quá giới hạn 50 triệu (nghi là 'bom giải nén')"),
    ("large.png", png_header(8000, 7000), "ảnh quá lớn (8000×7000 điểm ảnh, quá giới hạn 50 triệu)"),
    ("old.bmp", "bmp", "định dạng ảnh BMP chưa được hỗ trợ"),
])
def test_bad_input(tmp_path, name, content, message):
    """Each refused before decoding what it claims to be (a 50-megapixel limit for the large one)."""
    path = tmp_path / name
    if content == "truncated":
        buffer = io.BytesIO()
        canonical(800, 600).save(buffer, "JPEG", quality=90)
        path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    elif content == "bmp":
        canonical(40, 20).save(path, "BMP")
    else:
        path.write_bytes(content)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ImageError) as info:
        render(path, out, Settings(max_pixels=50_000_000))
    assert info.value.message.startswith(message)


def test_cache_hits_skip_all_work_and_changes_are_noticed(tmp_path):
    sources = {f"p{i}": camera_jpeg(tmp_path / f"p{i}.jpg", 1 + i) for i in range(3)}
    cache_dir = tmp_path / "cache"
    done, failed, stats = process(sources, ImageCache(cache_dir, SETTINGS), workers=2)
    assert failed == {} and stats.rendered == 3 and stats.hashed == 3
    done2, _, stats2 = process(sources, ImageCache(cache_dir, SETTINGS))
    assert stats2.rendered == 0 and stats2.hashed == 0  # not decoded, not even hashed
    assert {k: v.sha for k, v in done2.items()} == {k: v.sha for k, v in done.items()}
    camera_jpeg(sources["p0"], 3, size=(300, 300))
    _, _, stats3 = process(sources, ImageCache(cache_dir, SETTINGS))
    assert stats3.rendered == 1 and stats3.hashed == 1
    assert not (cache_dir / "tmp").exists() or not any((cache_dir / "tmp").iterdir())


def test_same_content_under_two_names_is_rendered_once(tmp_path):
    a = camera_jpeg(tmp_path / "a.jpg")
    b = tmp_path / "b.jpg"
    b.write_bytes(a.read_bytes())
    done, _, stats = process({"a": a, "b": b}, ImageCache(tmp_path / "cache", SETTINGS), workers=1)
    assert stats.rendered == 1 and done["a"] == done["b"]


def test_a_half_written_entry_is_not_used(tmp_path):
    src = camera_jpeg(tmp_path / "a.jpg")
    cache = ImageCache(tmp_path / "cache", SETTINGS)
    done, _, _ = process({"a": src}, cache, workers=1)
    (done["a"].folder / "meta.json").unlink()  # as if killed before the entry was complete
    _, _, stats = process({"a": src}, ImageCache(tmp_path / "cache", SETTINGS), workers=1)
    assert stats.rendered == 1


def test_bad_photo_is_reported_and_leaves_no_entry(tmp_path):
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not really")
    cache = ImageCache(tmp_path / "cache", SETTINGS)
    done, failed, stats = process({"bad": bad, "good": camera_jpeg(tmp_path / "g.jpg")}, cache, workers=2)
    assert list(failed) == ["bad"] and list(done) == ["good"] and stats.rendered == 1
    entries = [p for p in (tmp_path / "cache").glob("??/*")]
    assert len(entries) == 1


def test_clean_removes_stale_entries(tmp_path):
    a, b = camera_jpeg(tmp_path / "a.jpg", 1), camera_jpeg(tmp_path / "b.jpg", 3)
    cache = ImageCache(tmp_path / "cache", SETTINGS)
    done, _, _ = process({"a": a, "b": b}, cache, workers=1)
    removed = cache.clean({done["a"].sha}, {str(a)})
    assert removed == 1 and cache.load(done["b"].sha) is None and cache.load(done["a"].sha) is not None


def test_settings_change_makes_new_entries(tmp_path):
    src = camera_jpeg(tmp_path / "a.jpg")
    process({"a": src}, ImageCache(tmp_path / "cache", SETTINGS), workers=1)
    _, _, stats = process({"a": src}, ImageCache(tmp_path / "cache", Settings(jpeg_quality=60)), workers=1)
    assert stats.rendered == 1
