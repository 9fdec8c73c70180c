"""Journeys readers take, in Chromium at a 390×844 phone and a 1366×768 desktop: what they see at
each step, no console error, no request to another host, a screenshot per step
(test-artifacts/screenshots, kept by CI)."""

from __future__ import annotations

import re

import pytest

from browsing import require_chromium, shot

require_chromium()
pytestmark = pytest.mark.browser

ALL_LOADED = "s => [...document.querySelectorAll(s)].every(i => i.complete && i.naturalWidth > 0)"


def clean(page) -> None:
    assert page.console_errors == []
    assert page.requested_hosts == {"127.0.0.1"}


def h1(page) -> str:
    return page.locator("h1").first.inner_text().replace("¶", "").strip()


def open_nav(page, label: str) -> None:
    """Follow a top-level section the way a reader does: its tab, or the menu on a phone."""
    with page.expect_navigation():
        if page.viewport_name == "phone":
            page.locator("label.md-header__button[for='__drawer']").click()
            page.locator(".md-nav--primary .md-nav__link", has_text=label).first.click()
        else:
            page.locator(".md-tabs__link", has_text=label).click()


def test_home_agency_term_post_gallery_and_back(page, base_url):
    page.goto(base_url)
    shot(page, "journey-1-home")
    open_nav(page, "Cơ quan")
    assert h1(page).startswith("Cơ quan")
    with page.expect_navigation():
        page.locator(".md-content a", has_text="Sở Công Thương").first.click()
    assert h1(page) == "Đảng bộ Sở Công Thương"
    shot(page, "journey-2-agency")
    with page.expect_navigation():
        page.locator(".bt-facets a", has_text=re.compile(r"^2020-2022 \(")).click()  # not the congress tracker's
    term_url = page.url
    assert term_url.endswith("/co-quan/so-cong-thuong/nhiem-ky/2020-2022/")
    assert "2020-2022" in h1(page)
    assert page.locator("article.bt-card").count() == 3
    shot(page, "journey-3-term")
    with page.expect_navigation():
        page.locator("article.bt-card h2 a", has_text="Đại hội Chi bộ Văn phòng lần thứ nhất").click()
    assert h1(page).startswith("Đại hội Chi bộ Văn phòng")
    gallery = page.locator(".bt-gallery")
    gallery.scroll_into_view_if_needed()
    # The cover leads the post and opens the lightbox; the gallery shows the other seven photos.
    assert gallery.locator("figure").count() == 7
    assert page.locator(".bt-lead a.glightbox, .bt-gallery a.glightbox").count() == 8
    page.wait_for_function(ALL_LOADED, arg=".bt-gallery figure:nth-child(-n+2) img")
    shot(page, "journey-4-post")
    gallery.locator("a.glightbox").first.click()
    page.locator(".gslide.current img").wait_for(state="visible")
    page.wait_for_function(ALL_LOADED, arg=".gslide.current img")
    shot(page, "journey-5-lightbox")
    page.keyboard.press("Escape")
    page.wait_for_selector(".glightbox-container", state="detached")
    page.go_back()
    assert page.url == term_url and page.locator("article.bt-card").count() == 3
    clean(page)


def test_search_dai_hoi_filter_by_term_open_a_result(page, base_url):
    page.goto(base_url)
    if page.viewport_name == "phone":
        page.locator(".bt-header-search .bt-search-icon").click()
    page.locator("#bt-header-q").fill("dai hoi")
    with page.expect_navigation():
        page.locator("#bt-header-q").press("Enter")
    assert "/tim-kiem/" in page.url and "q=dai" in page.url
    page.wait_for_selector(".bt-search-results .bt-result")
    found = int(page.locator(".bt-search-status").inner_text().split()[2])
    shot(page, "search-1-results")
    if page.viewport_name == "phone":  # the facets wait behind "Bộ lọc"
        page.locator(".bt-filter-toggle").click()
    page.locator(".bt-facet", has_text="2020-2025").click()
    page.wait_for_function("n => { const m = document.querySelector('.bt-search-status').innerText"
                           ".match(/Tìm thấy (\\d+)/); return m && +m[1] < n; }", arg=found)
    titles = page.locator(".bt-search-results .bt-result > a").all_inner_texts()
    assert titles and "nhiem-ky=2020-2025" in page.url
    shot(page, "search-2-filtered")
    with page.expect_navigation():
        page.locator(".bt-search-results .bt-result > a").first.click()
    assert "/tin/" in page.url and h1(page) == titles[0]
    clean(page)


def test_archive_by_year(page, base_url):
    page.goto(base_url)
    open_nav(page, "Lưu trữ")
    with page.expect_navigation():
        page.locator(".md-content a", has_text="Năm 2020").click()
    assert h1(page) == "Năm 2020"
    assert page.locator(".bt-count").inner_text() == "6 bài viết"
    years = [t.split("/")[-1] for t in page.locator("article.bt-card time").all_inner_texts()]
    assert years == ["2020"] * 6
    shot(page, "archive-year")
    clean(page)


def test_a_missing_page_says_so_in_vietnamese_and_leads_home(page, base_url):
    response = page.goto(base_url + "tin/2020/01/khong-co-bai-nay/")
    assert response.status == 404
    assert h1(page) == "Không tìm thấy trang"
    assert page.locator("html").get_attribute("lang") == "vi"
    shot(page, "404")
    with page.expect_navigation():
        page.locator(".md-content a", has_text="Về trang chủ").click()
    assert page.url == base_url and h1(page).startswith("Tin mới")
    page.console_errors = [e for e in page.console_errors if "404" not in e]  # the missing page itself
    clean(page)


def test_photo_library_shows_thumbnails_and_narrows_by_agency(page, base_url):
    page.goto(base_url)
    open_nav(page, "Thư viện ảnh")
    assert h1(page) == "Thư viện ảnh"
    cards = page.locator("article.bt-album")  # an album per post with photos
    assert cards.count() == 4
    for i in range(cards.count()):
        cards.nth(i).scroll_into_view_if_needed()
    page.wait_for_function(ALL_LOADED, arg=".bt-album-cover img")
    widths = page.evaluate("[...document.querySelectorAll('.bt-album-cover img')].map(i => i.currentSrc)")
    assert all("-320.webp" in w or "-640.webp" in w for w in widths), widths  # a thumbnail, not the original
    shot(page, "photo-library")
    with page.expect_navigation():
        page.locator(".bt-facets a", has_text="Cục Thuế").click()
    assert page.locator("article.bt-album").count() == 2
    clean(page)
