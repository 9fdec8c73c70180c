"""Output paths with one owner each (bantin/site/outputs.py): aliases and photo names never replace
a file the build writes, nor each other."""

from __future__ import annotations

import pytest
from PIL import Image

from bantin.model.urls import image_uri
from bantin.site.outputs import Writer, clashes
from factories import make_photo, make_project, write_post
from sitebuild import copy_sample, run_bantin, soup

ALIAS = Writer("đường dẫn cũ 'x'", file="posts/a.md", editor=True, field="aliases")
FEED = Writer("tệp 'feed.xml' do bantin tạo")


def test_same_path_twice():
    [error] = clashes([("feed.xml", FEED), ("feed.xml", ALIAS)], {})
    assert error.format() == ("posts/a.md: [aliases] đường dẫn cũ 'x' trùng địa chỉ '/feed.xml' với tệp 'feed.xml' "
                              "do bantin tạo\n    → đổi hoặc xoá đường dẫn này: địa chỉ đó đã có nội dung khác")


def test_file_where_a_folder_is_needed_either_way_round():
    assert len(clashes([("feed.xml", FEED), ("feed.xml/index.html", ALIAS)], {})) == 1
    assert len(clashes([("feed.xml/index.html", ALIAS), ("feed.xml", FEED)], {})) == 1


def test_reserved_places_bind_editors_only():
    reserved = {"tim-kiem/index/": Writer("chỉ mục tìm kiếm"), "404.html": Writer("tệp '404.html' do MkDocs tạo")}
    assert len(clashes([("tim-kiem/index/index.html", ALIAS)], reserved)) == 1
    assert len(clashes([("404.html", ALIAS)], reserved)) == 1
    assert len(clashes([("404.html/index.html", ALIAS)], reserved)) == 1
    assert clashes([("tim-kiem/index/x.json", FEED)], reserved) == []
    assert clashes([("tim-kiem/index.html", ALIAS), ("tim-kiem/index-cu/index.html", ALIAS)], reserved) == []


def test_two_of_bantins_own_is_a_bug_said_plainly():
    [error] = clashes([("a", FEED), ("a", Writer("trang 'a'"))], {})
    assert error.message.startswith("'a' được ghi hai lần") and error.hint == "báo lỗi này cho người phát triển bantin"


@pytest.mark.parametrize("first, second", [
    ("images/2023/so-ket/anh-1.jpg", "images/2023/so-ket/Ảnh 1.jpg"),
    ("images/2023/so-ket/anh-1.jpg", "images/2023/so-ket/anh-1.png"),
    ("images/2023/so-ket/anh-1.jpg", "images/2023/so-ket/ANH-1.JPG"),
    ("images/2023/so-ket/a.jpg", "images/2023/Sơ kết/a.jpg"),
    ("images/2023/so-ket/a.jpeg", "images/2023/so-ket/a.JPEG"),
])
def test_photo_names_that_fold_alike_get_different_urls(first, second):
    assert image_uri(first) != image_uri(second)
    assert image_uri(first).rsplit(".", 1)[0] != image_uri(second).rsplit(".", 1)[0]  # renditions too
    assert image_uri(second).isascii()


def test_clean_names_keep_their_url_and_others_are_stable():
    assert image_uri("images/2023/so-ket/anh-1.jpg") == "anh/2023/so-ket/anh-1.jpg"
    assert image_uri("images/2023/so-ket/Ảnh 1.jpg") == image_uri("images/2023/so-ket/Ảnh 1.jpg")


OWN_FILES = ["feed.xml", "atom.xml", "sitemap.xml", "sitemap.xml.gz", "robots.txt", "404.html",
             "assets/bantin/search.js", "assets/javascripts/x", "tim-kiem/index", "tim-kiem/index/d",
             "co-quan/so-tai-chinh", "gioi-thieu", "co-quan/so-tai-chinh/feed.xml",
             "anh/2023/so-ket-cuc-thue/hoi-nghi-640.jpg", "admin", "admin/config.yml", "admin/bai-cu"]


def test_alias_on_a_file_the_build_writes_is_an_error(tmp_path):
    root = make_project(tmp_path / "p", sample=True, files={"site/cu.txt": "trang cũ"})
    for n, alias in enumerate(OWN_FILES):
        write_post(root, f"posts/2023/trung-{n}.md", f"title: Bài trùng {n}\ndate: 2023-03-01\nagency: so-tai-chinh\n"
                   f"kind: dai-hoi-chi-bo\naliases: [{alias}]")
    result = run_bantin(root, "build")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    for n, alias in enumerate(OWN_FILES):  # every clash, in one run
        assert f"posts/2023/trung-{n}.md: [aliases] đường dẫn cũ '{alias}' trùng địa chỉ '/" in result.stderr, alias
    assert f"Có {len(OWN_FILES)} lỗi trong {len(OWN_FILES)} tệp." in result.stderr
    assert (root / "site/cu.txt").read_text(encoding="utf-8") == "trang cũ"  # the old site survives
    assert not list(root.glob(".site-build-*"))
    checked = run_bantin(root, "check")  # the same errors without building (photos are not rendered by check)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    for n, alias in enumerate(OWN_FILES):
        if not alias.startswith("anh/"):
            assert f"posts/2023/trung-{n}.md: [aliases] đường dẫn cũ '{alias}' trùng địa chỉ '/" in checked.stdout, alias


def test_photos_whose_names_fold_alike_both_survive(tmp_path):
    root = copy_sample(tmp_path / "p")
    folder = root / "images/2023/trung-ten"
    folder.mkdir(parents=True)
    for name, colour in (("Ảnh 1.jpg", (200, 0, 0)), ("anh-1.jpg", (0, 0, 200)), ("anh-1.png", (0, 200, 0))):
        make_photo(folder / name, (700, 400), colour)
    for slug, name in (("do", "Ảnh 1.jpg"), ("xanh", "anh-1.jpg"), ("la", "anh-1.png")):
        write_post(root, f"posts/2023/{slug}.md", f"title: Ảnh {slug}\ndate: 2023-03-01\nagency: so-tai-chinh\n"
                   f"kind: dai-hoi-chi-bo\nphotos:\n  - src: ../../images/2023/trung-ten/{name}\n    caption: {slug}")
    result = run_bantin(root, "build")
    assert result.returncode == 0, result.stderr
    colours = {}
    for slug in ("do", "xanh", "la"):
        img = soup(root / f"site/tin/2023/03/anh-{slug}/index.html").select_one(".bt-lead img, .bt-gallery img")
        path = root / "site/tin/2023/03" / f"anh-{slug}" / img["src"]
        with Image.open(path) as im:
            colours[slug] = max(range(3), key=lambda c: im.convert("RGB").getpixel((10, 10))[c])
    assert colours == {"do": 0, "xanh": 2, "la": 1}  # each post shows its own photo
