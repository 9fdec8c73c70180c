"""A photo's <picture> (site/photos/picture.py): every width, or a thumbnail's up to `widest`."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from bantin.site.photos.picture import picture_html, picture_markup
from bantin.site.photos.renditions import ImageMeta, Rendition


def meta(widths=(320, 640, 1280, 1600)) -> ImageMeta:
    renditions = tuple(Rendition(w, w * 3 // 4, fmt, f"{w}.{fmt}", 1) for w in widths for fmt in ("webp", "jpeg"))
    return ImageMeta("abc", widths[-1], widths[-1] * 3 // 4, renditions, Path("."))


def uri(src: str, r: Rendition) -> str:
    return f"anh/a-{r.width}.{'jpg' if r.format == 'jpeg' else 'webp'}"


def widths(srcset: str) -> list[str]:
    return [entry.strip().split(" ")[1] for entry in srcset.split(",")]


def test_a_photo_offers_every_width_in_webp_and_the_640_jpeg_alone():
    shown = picture_markup("a.jpg", meta(), "../", "100vw", uri)
    assert widths(shown.webp_srcset) == ["320w", "640w", "1280w", "1600w"] and shown.source()["sizes"] == "100vw"
    assert shown.img() == {"width": "640", "height": "480"} and shown.src == "anh/a-640.jpg"


def test_a_photo_without_webp_offers_every_width_of_its_jpeg():
    only_jpeg = ImageMeta("abc", 1600, 1200, tuple(r for r in meta().renditions if r.format == "jpeg"), Path("."))
    shown = picture_markup("a.jpg", only_jpeg, "../", "100vw", uri)
    assert widths(shown.jpeg_srcset) == ["320w", "640w", "1280w", "1600w"]
    assert shown.img()["srcset"] == shown.jpeg_srcset and shown.img()["sizes"] == "100vw"


def test_a_thumbnail_offers_webp_up_to_its_widest_and_the_640_jpeg_alone():
    shown = picture_markup("a.jpg", meta(), "../", "50vw", uri, widest=640)
    assert widths(shown.webp_srcset) == ["320w", "640w"]
    assert shown.img() == {"width": "640", "height": "480"}  # no srcset, so no sizes either
    assert shown.source()["sizes"] == "50vw"


def test_a_widest_below_every_rendition_keeps_the_smallest():
    shown = picture_markup("a.jpg", meta((800, 1600)), "", "50vw", uri, widest=640)
    assert widths(shown.webp_srcset) == ["800w"]
    assert shown.src == "anh/a-800.jpg" and "srcset" not in shown.img()  # the smallest JPEG, alone


def test_picture_html_with_widest_is_valid_markup():
    html = picture_html("a.jpg", meta(), "../", alt='Ảnh "đẹp" <b>', sizes="50vw", widest=640)
    img = BeautifulSoup(html, "html.parser").img
    assert img["alt"] == 'Ảnh "đẹp" <b>' and img["src"] == "../anh/a-640.jpg"
    assert "srcset" not in img.attrs and "sizes" not in img.attrs and img["loading"] == "lazy"
