"""Integration: photos of the sample site as readers get them, and bad photos as editors meet them."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from PIL import Image

from factories import edit, make_project
from sitebuild import REPO, copy_sample, page, run_bantin

GALLERY_POST = "tin/2020/01/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022/"
BODY_IMAGE_POST = "tin/2023/07/hoi-nghi-so-ket-6-thang-dau-nam-2023-cua-dang-bo-cuc-thue/"
RENDITION = re.compile(r"^[a-z0-9-]+-\d+\.(jpg|webp)$")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, str]:
    root = copy_sample(tmp_path_factory.mktemp("photos"))
    result = run_bantin(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return root, root / "site", result.stderr


def resolves(site: Path, url: str, src: str) -> bool:
    return (site / urljoin("/" + url, src).lstrip("/")).is_file()


def test_gallery_markup(built):
    _, site, _ = built
    post = page(site, GALLERY_POST)
    figures = post.select(".bt-gallery figure")
    assert len(figures) == 7  # the 8th, the cover, leads the article (.bt-lead)
    for figure in figures:
        anchor = figure.select_one("a.glightbox")
        assert anchor["data-gallery"] == "dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022"
        # nothing of the editor's that GLightbox inserts as HTML: bantin.js shows the figcaption
        assert anchor["data-description"] == "\u00a0"  # a placeholder: the slide has a caption
        assert not {"data-title", "title", "data-glightbox"} & set(anchor.attrs)
        assert resolves(site, GALLERY_POST, anchor["href"]) and anchor["href"].endswith("-1600.jpg")
        source = figure.select_one("picture > source[type='image/webp']")
        img = figure.select_one("picture > img")
        assert img["alt"] == figure.figcaption.get_text()
        assert img["loading"] == "lazy" and img["decoding"] == "async"
        assert (img["width"], img["height"]) == ("640", "480")
        assert source["sizes"] == "(max-width: 44.9375em) 50vw, 14rem"
        # A thumbnail offers WebP up to 640 px (a 50vw slot at 3x); the lightbox opens the 1600 px
        # JPEG. Its <img> is the 640 px JPEG alone, for browsers without WebP: no srcset to size.
        entries = [e.strip().split(" ") for e in source["srcset"].split(",")]
        assert [w for _, w in entries] == ["320w", "640w"]
        assert all(resolves(site, GALLERY_POST, u) for u, _ in entries)
        assert "srcset" not in img.attrs and "sizes" not in img.attrs
        assert resolves(site, GALLERY_POST, img["src"]) and img["src"].endswith("-640.jpg")


def test_body_image_gets_the_same_treatment(built):
    _, site, _ = built
    post = page(site, BODY_IMAGE_POST)
    anchor = next(a for a in post.select(".md-content p > a.glightbox") if not a.find_parent(class_="bt-lead"))
    assert anchor.select_one("img")["alt"].startswith("Đồng chí Bí thư Đảng ủy")  # the lightbox's caption
    assert anchor["data-description"] == "\u00a0" and not {"data-title", "title"} & set(anchor.attrs)
    assert anchor["data-gallery"] == post.select_one(".bt-lead a.glightbox, .bt-gallery a.glightbox")["data-gallery"]
    assert anchor.select_one("picture > source[type='image/webp']") is not None


def test_cards_show_cover_thumbnails(built):
    _, site, _ = built
    cards = page(site, "co-quan/so-cong-thuong").select("article.bt-card.bt-has-thumb")
    assert cards
    img = cards[-1].select_one(".bt-thumb a picture img")
    source = cards[-1].select_one(".bt-thumb a picture source[type='image/webp']")
    assert source["sizes"] == "(max-width: 44.9375em) 100vw, 9rem" and "glightbox" not in str(cards[-1])
    assert resolves(site, "co-quan/so-cong-thuong/", img["src"])


def test_photo_library(built):
    _, site, _ = built
    library = page(site, "thu-vien-anh")
    assert "4 bộ ảnh" in library.select_one(".bt-count").get_text()
    cards = library.select("article.bt-album")  # albums: a cover, the count, the post's title and date
    assert len(cards) == 4 and all(c.select_one(".bt-album-cover img") for c in cards)
    dates = [c.find("time")["datetime"] for c in cards]
    assert dates == sorted(dates, reverse=True)
    for a in library.select(".bt-facets a"):
        assert resolves(site, "thu-vien-anh/", a["href"] + "index.html")


def test_only_stripped_renditions_are_published(built):
    _, site, _ = built
    published = [p for p in site.joinpath("anh").rglob("*") if p.is_file()]
    assert published and all(RENDITION.match(p.name) for p in published)
    for path in published:
        with Image.open(path) as im:
            assert len(im.getexif()) == 0 and "icc_profile" not in im.info, path
    originals = {p.name for p in REPO.joinpath("images").rglob("*.jpg")}
    assert not any(p.name in originals for p in site.rglob("*"))


def test_renditions_are_published_as_links_to_the_photo_cache(built):
    """engine/files.py: CachedFile; a second build (into a fresh folder) links them again and the
    cached files keep their bytes."""
    import hashlib
    import os

    root, site, _ = built

    def cache_files() -> dict[tuple[int, int], Path]:
        return {(p.stat().st_dev, p.stat().st_ino): p for p in root.joinpath(".cache").rglob("*") if p.is_file()}

    def linked(folder: Path, cache: dict[tuple[int, int], Path]) -> dict[Path, Path]:
        """Each published photo → the cache file it is."""
        published = [p for p in folder.joinpath("anh").rglob("*") if p.is_file()]
        assert published
        return {p: cache.get((p.stat().st_dev, p.stat().st_ino)) for p in published}

    first = linked(site, cache_files())
    assert None not in first.values()
    held = {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in first.values()}
    assert run_bantin(root, "build").returncode == 0
    again = linked(site, cache_files())
    assert sorted(again.values()) == sorted(first.values())  # the same cached files, linked again
    assert {path: hashlib.sha256(path.read_bytes()).hexdigest() for path in held} == held
    assert all(os.stat(p).st_nlink >= 2 for p in again)


def test_rebuild_does_no_image_work(built):
    root, _, first = built
    assert "xử lý mới 16" in first
    again = run_bantin(root, "build")
    assert again.returncode == 0 and "Ảnh: 16 ảnh, xử lý mới 0, dùng lại 16 từ bộ nhớ đệm." in again.stderr


def test_photo_without_caption_is_a_warning_naming_the_post(tmp_path):
    root = copy_sample(tmp_path / "p")
    edit(root / "posts/2023/hoi-nghi-so-ket-6-thang-dau-nam-2023-cua-dang-bo-cuc-thue.md",
         "    caption: Quang cảnh Hội nghị sơ kết 6 tháng đầu năm 2023\n", "")
    strict = run_bantin(root, "build", "--strict")
    assert strict.returncode == 1
    assert ("CẢNH BÁO  - bantin: posts/2023/hoi-nghi-so-ket-6-thang-dau-nam-2023-cua-dang-bo-cuc-thue.md:13: "
            "[photos[0]] ảnh '../../images/2023/so-ket-cuc-thue/hoi-nghi.jpg' chưa có chú thích (caption) hay "
            "mô tả (alt)") in strict.stderr
    assert run_bantin(root, "build").returncode == 0


def test_bad_photo_stops_the_build_before_writing(tmp_path):
    root = make_project(tmp_path / "p", sample=True, files={"site/index.html": "trang cũ"})
    photo = root / "images/2020/dai-hoi-chi-bo-van-phong/bau-cu.jpg"
    photo.write_bytes(photo.read_bytes()[:20_000])  # cut off while copying
    result = run_bantin(root, "build")
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith(("LỖI", "    →"))]
    assert lines[0] == (
        "LỖI       - bantin: posts/2020/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022.md:24: "
        "[photos[5].src] ảnh 'images/2020/dai-hoi-chi-bo-van-phong/bau-cu.jpg': ảnh bị hỏng hoặc không đầy đủ")
    assert lines[1] == "    → tệp có thể bị cắt khi sao chép; chép lại ảnh gốc"
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == "trang cũ"


def test_no_published_image_carries_metadata(built):
    """Every image file in site/, ours and the theme's: no EXIF, XMP, IPTC, GPS or comments."""
    _, site, _ = built
    scanned = 0
    for path in site.rglob("*"):
        if path.suffix.lower() not in {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff"}:
            continue
        with Image.open(path) as im:
            assert len(im.getexif()) == 0, path
            assert not {"exif", "xmp", "XML:com.adobe.xmp", "photoshop", "comment", "icc_profile"} & set(im.info), path
        data = path.read_bytes()
        assert b"Exif\x00\x00" not in data and b"http://ns.adobe.com/xap" not in data, path
        scanned += 1
    assert scanned > 100
