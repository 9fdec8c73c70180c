"""Where am I, and who publishes: the tab of each page's section, units without posts, the
masthead's emblem and the footer's publisher block, on the built sample and on a hostile config."""

from __future__ import annotations

from pathlib import Path

import pytest

from bantin.model.settings import SettingError, check_setting
from sitebuild import copy_sample, page, run_bantin


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("masthead"))
    result = run_bantin(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site"


def first_post(site: Path, agency: str) -> str:
    """The URL of one post of an agency, found through the agency's page."""
    doc = page(site, f"co-quan/{agency}/")
    href = doc.select_one(".bt-card a[href*='tin/']")["href"]
    return (Path("co-quan", agency) / href).as_posix().replace("co-quan/" + agency + "/../../", "")


def active_tab(doc) -> list[str]:
    return [li.get_text(strip=True) for li in doc.select("li.md-tabs__item--active")]


@pytest.mark.parametrize(("url", "tab"), [
    ("", "Tin mới"),
    ("trang/2/", "Tin mới"),
    ("co-quan/", "Cơ quan"),
    ("co-quan/so-cong-thuong/", "Cơ quan"),
    ("co-quan/so-cong-thuong/don-vi/van-phong/", "Cơ quan"),
    ("co-quan/so-cong-thuong/nhiem-ky/2020-2022/", "Cơ quan"),
    ("nhiem-ky/2020-2022/", "Nhiệm kỳ"),
    ("loai/", "Loại tin"),
    ("luu-tru/2020/", "Lưu trữ"),
    ("luu-tru/2020/01/", "Lưu trữ"),
    ("tu-khoa/", "Lưu trữ"),
    ("thu-vien-anh/", "Thư viện ảnh"),
    ("dai-hoi/", "Nhiệm kỳ"),  # the congress tracker, linked from the terms
    ("dai-hoi/chi-bo/2020-2022/", "Nhiệm kỳ"),
    ("co-quan/so-cong-thuong/dai-hoi/chi-bo/2020-2022/", "Cơ quan"),
    ("luu-tru/2023/07/ban-tin/", "Lưu trữ"),  # a month's bulletin
])
def test_each_page_type_highlights_its_section_tab(built, url, tab):
    assert active_tab(page(built, url)) == [tab], url


def test_posts_tags_and_gallery_subpages_highlight_their_section(built):
    post = first_post(built, "so-cong-thuong")
    doc = page(built, post)
    assert active_tab(doc) == ["Cơ quan"], post
    # A post carries only the top navigation (its left column is hidden); an agency's other pages
    # open its section, the agency's entry marked (the left column, a phone's menu).
    assert not doc.select(".md-nav__item--active > a.md-nav__link")
    term = page(built, "co-quan/so-cong-thuong/nhiem-ky/2020-2022/")
    assert [a.get_text(strip=True) for a in term.select(".md-nav__item--active > a.md-nav__link")] \
        == ["Sở Công Thương"]
    tag = next((built / "tu-khoa").glob("*/index.html")).parent.name
    assert active_tab(page(built, f"tu-khoa/{tag}/")) == ["Lưu trữ"]
    gallery = next((built / "thu-vien-anh" / "co-quan").glob("*/index.html")).parent.name
    assert active_tab(page(built, f"thu-vien-anh/co-quan/{gallery}/")) == ["Thư viện ảnh"]
    assert active_tab(page(built, "tim-kiem/")) == []  # search belongs to no section


def test_left_column_is_hidden_where_the_section_has_no_pages_under_it(built):
    def hidden(url: str) -> bool:
        return page(built, url).select_one(".md-sidebar--primary").has_attr("hidden")

    assert hidden("thu-vien-anh/") and hidden("tim-kiem/") and hidden("")
    assert not hidden("co-quan/so-cong-thuong/don-vi/van-phong/") and not hidden("luu-tru/2020/01/")


def test_no_link_to_and_no_page_for_a_unit_without_posts(built):
    # The sample's Sở Công Thương has posts for "Chi bộ Văn phòng", none for Quản lý Công nghiệp.
    assert not (built / "co-quan/so-cong-thuong/don-vi/quan-ly-cong-nghiep").exists()
    for path in built.rglob("*.html"):
        assert "don-vi/quan-ly-cong-nghiep" not in path.read_text(encoding="utf-8"), path
    listing = page(built, "co-quan/").select_one("article")
    assert "Chi bộ Phòng Quản lý Công nghiệp" in listing.get_text()
    assert "(0)" not in page(built, "co-quan/so-cong-thuong/").select_one(".bt-facets").get_text()
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    assert "don-vi/van-phong/" in sitemap and "quan-ly-cong-nghiep" not in sitemap


def test_unit_pages_name_their_agency(built):
    headings = {}
    for path in (built / "co-quan").glob("*/don-vi/van-phong/index.html"):
        doc = page(built, path.parent.relative_to(built).as_posix())
        headings[doc.h1.get_text(strip=True)] = doc.title.get_text()
    assert "Chi bộ Văn phòng – Sở Công Thương" in headings
    assert len(headings) == len(set(headings)) and all(h in t for h, t in headings.items())


def test_listings_say_newest_first_in_vietnamese(built):
    assert "xếp từ mới đến cũ" in page(built, "nhiem-ky/").get_text()
    assert "mới nhất trước" not in page(built, "thu-vien-anh/").get_text()


def test_footer_publisher_block_and_emblem_on_every_page(built):
    for url in ("", "co-quan/so-cong-thuong/", first_post(built, "so-cong-thuong"), "tim-kiem/"):
        doc = page(built, url)
        block = doc.select_one("footer .bt-publisher address")
        assert block is not None, url
        text = block.get_text(" ", strip=True)
        assert "Cơ quan chủ quản:" in text and "tỉnh Nam Sơn" in text and "Chịu trách nhiệm nội dung:" in text
        assert block.select_one("a[href^='mailto:']")["href"] == "mailto:bantin@example.vn"
        assert block.select_one("a[href^='tel:']")["href"] == "tel:02003800000"
        logo = doc.select_one(".md-header .md-logo img")
        assert logo["src"].endswith("assets/bantin/bieu-trung.svg") and logo["alt"].startswith("Biểu trưng")
    assert (built / "assets/bantin/bieu-trung.svg").is_file()


HOSTILE = '<script>alert(1)</script>" onmouseover="x'


def test_publisher_values_are_text_and_absent_without_the_option(tmp_path):
    root = copy_sample(tmp_path / "hostile")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    start = text.index("      emblem:")
    end = text.index("  - glightbox:")
    plain = text[:start] + text[end:]
    hostile = text[:start] + (f"      publisher:\n        owner: '{HOSTILE}'\n"
                              f"        responsible: \"{{{{ config.site_name }}}} &amp; <b>\"\n") + text[end:]
    for name, body in (("plain", plain), ("hostile", hostile)):
        config.write_text(body, encoding="utf-8")
        result = run_bantin(root, "build", "--strict", "-d", name)
        assert result.returncode == 0, result.stderr
    doc = page(root / "plain", "")
    assert doc.select_one(".bt-publisher") is None and doc.select_one("address") is None
    assert doc.select_one(".md-header .md-logo img") is None  # Material's icon, not an emblem
    html = (root / "hostile" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and 'onmouseover="x' not in html and "<b>" not in html
    block = page(root / "hostile", "").select_one(".bt-publisher address")
    assert block.get_text(" ", strip=True) == (f"Cơ quan chủ quản: {HOSTILE} "
                                               "Chịu trách nhiệm nội dung: {{ config.site_name }} &amp; <b>")
    assert block.select_one("a") is None  # no phone, no email: no links


@pytest.mark.parametrize("value", [{"phone": "gọi tôi"}, {"email": "a@b"}, {"email": "x\"@y.vn"},
                                   {"owner": ["a"]}, {"fax": "1"}, "Sở Công Thương"])
def test_impossible_publisher_values_are_refused(value):
    with pytest.raises(SettingError):
        check_setting("publisher", value)
    assert check_setting("publisher", {"phone": "+84 200 3800 000"}).tel == "+842003800000"
    assert check_setting("publisher", {}) is None and check_setting("publisher", None) is None


def test_missing_emblem_is_refused(tmp_path):
    root = copy_sample(tmp_path / "emblem")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("images/bieu-trung-nam-son.svg",
                                                                  "images/khong-co.svg"), encoding="utf-8")
    result = run_bantin(root, "build")
    assert result.returncode != 0
    assert "[emblem] không có tệp ảnh 'images/khong-co.svg'" in result.stderr
