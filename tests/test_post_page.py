"""A post's page as built: meta line, reading aids, lead photo and sapo above the article."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest

from sitebuild import copy_sample, page, run_bantin

CAPTION = "Chú thích <script>alert('c')</script> \"><img src=x onerror=alert('ci')> {{ 6*6 }}"
SUMMARY = "Tóm tắt <b>đậm</b> <script>alert('s')</script> & {{ 9*9 }}"
HOSTILE = f"""---
title: Hội nghị có chú thích lạ
date: 2023-03-01
agency: so-tai-chinh
kind: dai-hoi-chi-bo
term: 2020-2025
author: "Lê <i>Văn</i> A"
summary: {json.dumps(SUMMARY, ensure_ascii=False)}
photos:
  - src: ../../images/2023/so-ket-cuc-thue/hoi-nghi.jpg
    caption: {json.dumps(CAPTION, ensure_ascii=False)}
---

Nội dung.
"""
BARE = """---
title: Tin không ảnh không tóm tắt
date: 2023-03-02 16:05
agency: so-tai-chinh
kind: dai-hoi-chi-bo
term: 2020-2025
---

Chỉ có nội dung.
"""
HOSTILE_TITLE = 'Tin <img src=x onerror=alert(1)> "><script>alert(2)</script> {{ 7*7 }}'
TITLED = f"""---
title: {json.dumps(HOSTILE_TITLE, ensure_ascii=False)}
date: 2023-03-03 09:00
agency: so-tai-chinh
kind: dai-hoi-chi-bo
term: 2020-2025
slug: tin-tieu-de-la
---

Nội dung.
"""
GALLERY_POST = "tin/2020/01/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022/"
SITE = "https://example.github.io/bantin/"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("post"))
    (root / "posts/2023/chu-thich-la.md").write_text(HOSTILE, encoding="utf-8")
    (root / "posts/2023/khong-anh.md").write_text(BARE, encoding="utf-8")
    (root / "posts/2023/tieu-de-la.md").write_text(TITLED, encoding="utf-8")
    result = run_bantin(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site"


def top(post) -> list:
    """The elements of the article from its title on, up to the body's first paragraph."""
    h1 = post.select_one(".md-content article h1")
    return [h1, *h1.find_next_siblings()]


def test_title_meta_tools_lead_photo_sapo_then_body(site):
    post = page(site, GALLERY_POST)
    h1, meta, tools, lead, sapo, first = top(post)[:6]
    assert (meta["class"], tools["class"], lead.name, lead["class"], sapo["class"]) == (
        ["bt-meta"], ["bt-tools"], "figure", ["bt-lead"], ["bt-sapo"])
    assert meta.get_text(" ", strip=True) == ("Sở Công Thương · Chi bộ Văn phòng · Nhiệm kỳ 2020-2022 · "
                                              "Đại hội Chi bộ · Trần Thu Hà · Thứ Năm, 16/01/2020 08:30")
    assert meta.time["datetime"] == "2020-01-16T08:30:00+07:00"
    # The cover, the largest image at the top: fetched first, its box known before it loads.
    img = lead.select_one("picture > img")
    assert img.get("fetchpriority") == "high" and "loading" not in img.attrs
    assert img["width"] == "640" and img["height"] == "480" and "toan-canh-dai-hoi-1280.webp 1280w" in \
        lead.select_one("picture > source")["srcset"]
    assert lead.select_one("picture > source")["sizes"] == "(max-width: 44.9375em) 100vw, 38rem"
    assert lead.figcaption.get_text() == "Quang cảnh Đại hội Chi bộ Văn phòng lần thứ nhất, nhiệm kỳ 2020-2022"
    assert sapo.get_text() == ("Chi bộ Văn phòng Sở Công Thương tổ chức thành công đại hội điểm của Đảng bộ Sở, "
                               "bầu trực tiếp bí thư chi bộ và hai đại biểu dự Đại hội Đảng bộ Sở nhiệm kỳ 2020-2025.")
    assert first.name == "p" and first.get_text().startswith("Sáng ngày 16/01/2020")
    # The lead photo opens the lightbox first; the gallery goes on with the other seven.
    assert lead.select_one("a.glightbox")["data-gallery"] == post.select_one(".bt-gallery a.glightbox")["data-gallery"]
    sources = [a["href"] for a in post.select(".bt-gallery a.glightbox")]
    assert len(sources) == 7 and not any("toan-canh-dai-hoi" in s for s in sources)
    assert post.select_one(".bt-byline") is None  # the author is in the meta line; no source given


def test_share_links_carry_the_page_address_encoded_and_no_script(site):
    post = page(site, GALLERY_POST)
    address = quote(SITE + GALLERY_POST, safe="")
    links = {a.get_text(): a for a in post.select(".bt-tools a")}
    assert links["Facebook"]["href"] == f"https://www.facebook.com/sharer/sharer.php?u={address}"
    assert links["Zalo"]["href"] == f"https://sp.zalo.me/share_to?url={address}"
    assert all(a["rel"] == ["noopener"] and a["target"] == "_blank" for a in links.values())
    assert post.select(".bt-tools button") == []  # bantin.js adds them: nothing that needs a script without one
    assert all("facebook" not in s.get("src", "") and "zalo" not in s.get("src", "") for s in post.select("script"))


def test_hostile_caption_summary_and_author_are_text(site):
    path = next(site.joinpath("tin/2023/03").glob("hoi-nghi-co-chu-thich-la*/index.html"))
    html = path.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>đậm" not in html and "<i>Văn" not in html
    post = page(site, path.parent.relative_to(site).as_posix())
    h1, meta, tools, lead, sapo = top(post)[:5]
    # No cover: the first photo leads, with its caption, and the gallery has no other photo.
    assert lead.figcaption.get_text() == CAPTION
    assert sapo.get_text() == SUMMARY
    assert meta.select_one(".bt-author").get_text() == "Lê <i>Văn</i> A"
    assert meta.time.get_text() == "Thứ Tư, 01/03/2023"  # no time given: none shown
    assert post.select_one(".bt-gallery") is None


def test_a_post_without_photo_or_summary_has_neither(site):
    post = page(site, "tin/2023/03/tin-khong-anh-khong-tom-tat/")
    h1, meta, tools, first = top(post)[:4]
    assert meta.time.get_text() == "Thứ Năm, 02/03/2023 16:05"
    assert first.name == "p" and first.get_text() == "Chỉ có nội dung."
    assert post.select(".bt-lead, .bt-sapo") == []


def test_onward_reading_same_agency_term_kind_and_newest(site):
    post = page(site, GALLERY_POST)
    onward = post.select_one("nav.bt-onward")
    assert onward["aria-label"] == "Đọc thêm"
    lists = {s.h2.get_text(): [(a["href"], a.find_next_sibling("small").get_text()) for a in s.select("li > a")]
             for s in onward.select("section")}
    assert list(lists) == ["Tin cùng cơ quan", "Tin cùng nhiệm kỳ", "Tin cùng loại", "Tin mới"]
    # The agency's nearest posts by date: the next newer first (the post has no older one).
    assert lists["Tin cùng cơ quan"][0] == (
        "../../../../tin/2020/01/dang-uy-so-cong-thuong-rut-kinh-nghiem-dai-hoi-diem-chi-bo-van-phong/", "17/01/2020")
    links = [href for items in lists.values() for href, _ in items]
    assert len(links) == len(set(links)) and all(1 <= len(items) <= 3 for items in lists.values())
    assert not any(GALLERY_POST in href for href in links)  # never the post itself
    for href, day in (item for items in lists.values() for item in items):
        assert (site / GALLERY_POST / href / "index.html").resolve().is_file(), href
        assert len(day) == 10 and day[2] == day[5] == "/", day  # dd/mm/yyyy
    # Out of the table of contents (a post has none) and out of the article's headings.
    assert post.select_one(".md-sidebar--secondary nav") is None
    assert all(h.get("id") is None for h in onward.select("h2"))


def test_a_hostile_title_is_text_in_the_onward_lists(site):
    html = (site / "tin/2023/03/tin-khong-anh-khong-tom-tat/index.html").read_text(encoding="utf-8")
    assert "<img src=x" not in html and "<script>alert(2)" not in html
    post = page(site, "tin/2023/03/tin-khong-anh-khong-tom-tat/")
    shown = [a.get_text() for a in post.select(".bt-onward li > a")]
    assert HOSTILE_TITLE in shown
