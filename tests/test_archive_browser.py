"""The offline archive opened in Chromium from disk (file://): pages, an old address, search
(the header box and the search page, reading the index from its wrapper scripts); no request
fails, at phone and desktop sizes."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from archive import OLD_URL, archived_sample

from browsing import VIEWPORTS, require_chromium

require_chromium()
pytestmark = pytest.mark.browser

POST = "tin/2017/01/dang-uy-khoi-hoc-tap-quan-triet-nghi-quyet-trung-uong-4-khoa-xii.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("archive")
    return archived_sample(tmp / "p", tmp / "unzipped")


@pytest.fixture(params=["desktop", "phone"])
def disk(request, browser):
    context = browser.new_context(viewport=VIEWPORTS[request.param], locale="vi-VN")
    page = context.new_page()
    page.viewport_name = request.param
    failed: list[str] = []

    def request_failed(request) -> None:
        # A request cut short by the next navigation (a favicon still loading when the test
        # moves on) fails with ERR_ABORTED; a missing file fails with ERR_FILE_NOT_FOUND.
        if request.failure != "net::ERR_ABORTED":
            failed.append(f"{request.url} {request.failure}")

    page.on("requestfailed", request_failed)
    page.on("pageerror", lambda error: failed.append(str(error)))
    page.on("dialog", lambda dialog: (failed.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield page, failed
    context.close()


def test_home_and_post_open_from_disk(site, disk):
    page, failed = disk
    page.goto((site / "index.html").as_uri())
    assert page.locator("h1").first.inner_text()
    with page.expect_navigation():
        page.locator('article a[href^="tin/"][href$=".html"]').first.click()
    assert page.url.startswith((site / "tin").as_uri() + "/") and page.url.endswith(".html")
    page.goto((site / POST).as_uri())
    assert "Nghị quyết Trung ương 4" in page.locator("h1").first.inner_text()
    assert failed == []


def test_an_old_address_leads_to_the_post(site, disk):
    page, failed = disk
    page.goto((site / OLD_URL / "index.html").as_uri())
    page.wait_for_url((site / POST).as_uri())
    assert "Nghị quyết Trung ương 4" in page.locator("h1").first.inner_text()
    assert failed == []


def on_disk(url: str) -> Path:
    parts = urlsplit(url)
    assert parts.scheme == "file", url
    return Path(unquote(parts.path))


def found(page) -> int:
    """The search page's count, once it has one, and its first results shown."""
    page.wait_for_function("() => /Tìm thấy|Không tìm thấy|Không có bài/.test(document.querySelector('.bt-search-status').innerText)")
    match = re.search(r"Tìm thấy ([\d.]+) bài viết", page.locator(".bt-search-status").inner_text())
    total = int(match.group(1).replace(".", "")) if match else 0
    page.wait_for_function("n => document.querySelectorAll('.bt-result').length === n", arg=min(total, 10))
    return total


def test_header_search_shows_results_as_you_type_from_disk(site, disk):
    page, failed = disk
    page.goto((site / POST).as_uri())
    page.evaluate("window.__stayed = true")
    if page.viewport_name == "phone":  # a magnifier in the header opens the box over it
        page.locator(".bt-header-search .bt-search-icon").click()
    page.locator("#bt-header-q").press_sequentially("đại hội", delay=20)
    page.wait_for_selector(".bt-search-panel:not([hidden]) .bt-result")
    assert page.evaluate("window.__stayed") is True  # no page load: results in the panel
    links = page.locator(".bt-search-panel .bt-result a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert len(hrefs) == 5 and all(on_disk(h).is_file() and h.endswith(".html") for h in hrefs), hrefs
    assert page.locator(".bt-search-panel .bt-result a mark").count() > 0
    everything = page.locator(".bt-search-all")
    assert re.fullmatch(r"Xem tất cả \d+ kết quả", everything.inner_text())
    assert on_disk(everything.get_attribute("href")) == site / "tim-kiem/index.html"
    first = links.first.inner_text()
    with page.expect_navigation():
        links.first.click()
    assert page.locator("h1").first.inner_text().startswith(first[:20])
    page.go_back()
    if page.viewport_name == "phone":
        page.locator(".bt-header-search .bt-search-icon").click()
    page.fill("#bt-header-q", "đại hội")
    with page.expect_navigation():
        page.press("#bt-header-q", "Enter")
    assert page.url.startswith((site / "tim-kiem/index.html").as_uri() + "?q=")
    assert found(page) > 5
    assert all(on_disk(h).is_file() for h in page.locator(".bt-result > a").evaluate_all("l => l.map(a => a.href)"))
    assert "Index of" not in page.content()
    assert failed == []


def test_search_page_facets_and_parameters_from_disk(site, disk):
    page, failed = disk
    search = (site / "tim-kiem/index.html").as_uri()
    page.goto(search + "?q=dai+hoi")
    everything = found(page)
    assert everything > 5 and page.locator(".bt-facet").count() > 3
    if page.locator(".bt-filter-toggle").is_visible():  # phones: the facets are behind "Bộ lọc"
        page.locator(".bt-filter-toggle").click()
    page.locator(".bt-facet", has_text="2020-2022").click()
    page.wait_for_selector(".bt-facet--on")
    page.wait_for_function("() => /nhiem-ky=2020-2022/.test(location.search)")
    page.wait_for_function("n => { const m = document.querySelector('.bt-search-status').innerText"
                           ".match(/Tìm thấy (\\d+)/); return m && +m[1] < n; }", arg=everything)
    narrowed = found(page)
    titles = page.locator(".bt-result > a").all_inner_texts()
    page.goto(search + "?q=dai+hoi&nhiem-ky=2020-2022")  # the same search as a link
    assert found(page) == narrowed and page.locator(".bt-result > a").all_inner_texts() == titles
    assert failed == []


def test_a_hostile_query_is_shown_as_text_from_disk(site, disk):
    page, failed = disk
    hostile = "<img src=x onerror=alert(1)>"
    page.goto((site / "tim-kiem/index.html").as_uri() + "?q=" + hostile.replace(" ", "+"))
    found(page)
    assert page.locator("#bt-q").input_value() == hostile
    assert page.locator("img[src=x]").count() == 0
    page.goto((site / POST).as_uri())
    if page.viewport_name == "phone":
        page.locator(".bt-header-search .bt-search-icon").click()
    page.locator("#bt-header-q").fill(hostile)
    page.wait_for_selector(".bt-search-panel:not([hidden])")
    page.wait_for_timeout(300)
    assert page.locator("img[src=x]").count() == 0
    assert failed == []  # no dialog, no request for "x"


def test_phrases_names_and_corrections_work_from_disk(site, disk):
    """Issue 18's search from file://: a phrase, a registry abbreviation, and "did you mean"
    (whose vocabulary file is only fetched when nothing is found)."""
    page, failed = disk
    search = (site / "tim-kiem/index.html").as_uri()
    page.goto(search + "?q=" + "đại hội chi bộ".replace(" ", "+"))
    assert found(page) == 9
    assert page.locator(".bt-search-open-second").is_visible()
    page.goto(search + "?q=SCT")
    assert found(page) == 4
    page.goto(search + "?q=dai+hio")
    page.locator(".bt-search-offer a").wait_for()
    assert page.locator(".bt-search-offer").inner_text() == "Có phải bạn muốn tìm: đại hội?"
    assert failed == []


GALLERY = "tin/2020/01/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022.html"
FONT = "parseFloat(getComputedStyle(document.querySelector('.md-content article p.bt-sapo ~ p')).fontSize)"


def test_post_toolbar_lightbox_and_onward_links_from_disk(site, disk):
    """Issue 19's post page from the zip: the reading aids, the lightbox and onward reading."""
    page, failed = disk
    page.goto((site / GALLERY).as_uri())
    # Reading aids: bantin.js adds its buttons from disk too; the text grows.
    for name in ("Sao chép liên kết", "In bài", "Giảm cỡ chữ", "Tăng cỡ chữ"):
        assert page.get_by_role("button", name=name).count() == 1, name
    before = page.evaluate(FONT)
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    assert page.evaluate(FONT) > before
    page.get_by_role("button", name="Giảm cỡ chữ").click()
    # The lightbox: the lead photo opens it, with its counter and caption as text.
    page.locator(".bt-lead a.glightbox").click()
    page.locator(".gslide.current .gslide-image img").wait_for()
    page.wait_for_function("document.querySelector('.bt-lightbox-counter').textContent === '1/8'")
    assert page.locator(".gslide.current .bt-lightbox-caption").inner_text().startswith("Quang cảnh Đại hội")
    page.keyboard.press("Escape")
    page.wait_for_selector(".glightbox-container", state="detached")
    # Onward reading: each link is a file of the archive.
    hrefs = page.eval_on_selector_all(".bt-onward li > a", "links => links.map(a => a.href)")
    assert len(hrefs) >= 4 and all(h.endswith(".html") and on_disk(h).is_file() for h in hrefs), hrefs
    with page.expect_navigation():
        page.locator(".bt-onward li > a").first.click()
    assert page.url == hrefs[0] and page.locator(".bt-onward").count() == 1
    assert failed == []


def test_photo_library_albums_open_in_the_lightbox_from_disk(site, disk):
    page, failed = disk
    page.goto((site / "thu-vien-anh/index.html").as_uri())
    album = page.locator("article.bt-album").first
    count = int(re.search(r"(\d+) ảnh", album.locator(".bt-card-meta").inner_text()).group(1))
    album.locator(".bt-album-cover a").click()
    page.locator(".gslide.current .gslide-image img").wait_for()
    page.wait_for_function(f"document.querySelector('.bt-lightbox-counter').textContent === '1/{count}'")
    assert page.locator(".gslide.current .gslide-image img").get_attribute("alt")
    page.keyboard.press("Escape")
    page.wait_for_selector(".glightbox-container", state="detached")
    assert failed == []
