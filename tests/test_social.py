"""The pictures pages share when they have no photo (site/photos/social.py)."""

import io

import pytest
from PIL import Image

from bantin.site.photos import social
from bantin.site.photos.opening import ImageError
from bantin.site.photos.renditions import Settings
from factories import make_photo

NAME = "Bản tin Đảng bộ Khối các cơ quan tỉnh Nam Sơn"


def opened(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def test_the_drawn_image_is_1200_by_630_in_the_primary_colour_and_the_same_every_time():
    data = social.drawn(NAME, "#ef5350")
    image = opened(data)
    assert (image.format, image.size) == ("PNG", (1200, 630))
    assert image.convert("RGB").getpixel((5, 5)) == (0xef, 0x53, 0x50)
    assert social.drawn(NAME, "#ef5350") == data
    assert social.drawn(NAME + " 2", "#ef5350") != data
    assert b"tEXt" not in data and b"tIME" not in data  # nothing of the day it was drawn


def test_vietnamese_letters_are_drawn_not_boxes():
    # Each letter with its marks differs from the bare letter: the font has the glyphs.
    assert social.drawn("Đảng", "#4051b5") != social.drawn("Dang", "#4051b5")
    assert social.drawn("ộ", "#4051b5") != social.drawn("o", "#4051b5")


@pytest.mark.parametrize("name", ["", "   ", "A" * 400, "Một-tên-rất-dài-không-có-dấu-cách-nào-cả" * 3])
def test_any_site_name_makes_an_image(name):
    assert opened(social.drawn(name, "#ffffff")).size == (1200, 630)


@pytest.mark.parametrize("palette, colour", [
    ({"primary": "red"}, "#ef5350"), ({"primary": "Deep Purple"}, "#7e56c2"),
    ([{"primary": "teal"}, {"primary": "red"}], "#009485"), (None, "#4051b5"), ({"primary": "custom"}, "#4051b5"),
])
def test_primary_colour_follows_the_theme(palette, colour):
    assert social.primary_colour(palette) == colour


def test_publish_caches_and_names_images_by_their_inputs(tmp_path):
    cache = tmp_path / "cache"
    first = social.publish(NAME, "#ef5350", cache, Settings())
    assert first.default.uri.startswith("assets/bantin/chia-se/") and first.default.uri.endswith(".png")
    assert (first.default.width, first.default.height) == (1200, 630)
    path = first.files[first.default.uri]
    stamp = path.stat().st_mtime_ns
    again = social.publish(NAME, "#ef5350", cache, Settings())
    assert again == first and path.stat().st_mtime_ns == stamp  # drawn once
    assert social.publish(NAME, "#4051b5", cache, Settings()).default.uri != first.default.uri


def test_a_chosen_image_and_emblems_are_framed_whole(tmp_path):
    emblem = make_photo(tmp_path / "bieu-trung.png", (300, 400), (200, 0, 0))
    wide = make_photo(tmp_path / "rong.jpg", (3000, 500), (0, 0, 200))
    made = social.publish(NAME, "#ef5350", tmp_path / "cache", Settings(), image=wide, emblems={"sct": emblem})
    site = opened(made.files[made.default.uri].read_bytes())
    assert site.size == (1200, 630) and site.getpixel((600, 315))[2] > 150
    own = opened(made.files[made.agencies["sct"].uri].read_bytes())
    assert own.size == (1200, 630)
    assert own.getpixel((600, 315))[0] > 150 and own.getpixel((5, 5)) == (255, 255, 255)  # on white, nothing cut


def test_a_chosen_file_that_is_no_image_names_itself_and_carries_no_pillow_error(tmp_path):
    bad = tmp_path / "bieu-trung.png"
    bad.write_text("không phải ảnh")
    good = make_photo(tmp_path / "a.png")
    for kwargs in ({"image": bad}, {"image": good, "emblems": {"a": good, "b": bad}}):
        with pytest.raises(social.BadImage) as caught:
            social.publish(NAME, "#ef5350", tmp_path / "cache", Settings(), **kwargs)
        assert caught.value.path == bad and isinstance(caught.value.error, ImageError)
        assert caught.value.__context__ is None  # the build would read Pillow's OSError as a disk fault
