"""Integration: cover thumbnails, the post's gallery and body images, with ASCII URLs."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest
from PIL import Image

from sitebuild import copy_sample, page, run_bantin

POST = """---
title: Hội nghị sơ kết có ảnh
date: 2023-12-30 08:00
agency: so-cong-thuong
kind: hoi-nghi-so-ket
cover: ../../images/2023/sơ kết/Ảnh tặng hoa.JPG
photos:
  - src: ../../images/2023/sơ kết/Ảnh tặng hoa.JPG
    caption: Đồng chí Bí thư tặng hoa <chúc mừng>
  - src: ../../images/2023/sơ kết/toan-canh.png
    alt: Toàn cảnh hội nghị
---

Hội nghị diễn ra sáng 30/12/2023.

![Đại biểu biểu quyết](../../images/2023/sơ%20kết/toan-canh.png)
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("images"))
    folder = root / "images" / "2023" / "sơ kết"
    folder.mkdir(parents=True)
    Image.new("RGB", (64, 48), (200, 30, 30)).save(folder / "Ảnh tặng hoa.JPG", "JPEG")
    Image.new("RGB", (64, 48), (30, 30, 200)).save(folder / "toan-canh.png")
    (root / "posts" / "2023" / "co-anh.md").write_text(POST, encoding="utf-8")
    result = run_bantin(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site"


def resolves(site: Path, url: str, src: str) -> bool:
    return (site / urljoin(url, src).lstrip("/")).is_file()


def test_images_are_published_at_ascii_paths(site):
    assert (site / "anh/2023/so-ket/anh-tang-hoa.jpg").is_file()
    assert (site / "anh/2023/so-ket/toan-canh.png").is_file()


def test_home_card_shows_the_cover(site):
    card = page(site, "").select_one("article.bt-card.bt-has-thumb")
    img = card.select_one(".bt-thumb img")
    assert img["alt"] == "Đồng chí Bí thư tặng hoa <chúc mừng>" and img["loading"] == "lazy"
    assert resolves(site, "/", img["src"])


def test_post_has_a_gallery_with_captions_and_body_image(site):
    url = "/tin/2023/12/hoi-nghi-so-ket-co-anh/"
    post = page(site, url.strip("/"))
    figures = post.select(".bt-gallery figure")
    assert len(figures) == 2
    assert figures[0].figcaption.get_text() == "Đồng chí Bí thư tặng hoa <chúc mừng>"
    assert figures[1].img["alt"] == "Toàn cảnh hội nghị" and figures[1].figcaption is None
    body_image = post.select_one(".md-content p img[alt='Đại biểu biểu quyết']")
    for img in [f.img for f in figures] + [body_image]:
        assert resolves(site, url, img["src"]), img["src"]
    assert post.select_one(".bt-cover") is None  # the cover is in the gallery already


def test_missing_and_outside_body_images_are_errors_with_lines(tmp_path):
    root = copy_sample(tmp_path / "project")
    (root / "posts" / "2023" / "anh-loi.md").write_text(
        "---\ntitle: Ảnh lỗi\ndate: 2023-01-01\nagency: so-cong-thuong\nkind: hoi-nghi-so-ket\n---\n\n"
        "Đoạn một.\n\n![a](../../images/khong-co.jpg)\n\n<img src=\"https://example.com/a.jpg\">\n",
        encoding="utf-8")
    result = run_bantin(root, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines()[:4] == [
        "LỖI posts/2023/anh-loi.md:10: [nội dung] không tìm thấy ảnh '../../images/khong-co.jpg' "
        "(tức images/khong-co.jpg)",
        "    → kiểm tra tên tệp và thư mục, chữ hoa/thường phải khớp",
        "LỖI posts/2023/anh-loi.md:12: [nội dung] ảnh 'https://example.com/a.jpg' lấy từ trang web khác",
        "    → tải ảnh về thư mục images/ và ghi đường dẫn tương đối: trang phải xem được khi không có mạng",
    ]
