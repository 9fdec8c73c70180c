"""The offline archive opened in Chromium from disk (file://): pages, an old address, the header
search; no request fails."""

from __future__ import annotations

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


@pytest.fixture
def disk(browser):
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="vi-VN")
    page = context.new_page()
    failed: list[str] = []

    def request_failed(request) -> None:
        # A request cut short by the next navigation (a favicon still loading when the test
        # moves on) fails with ERR_ABORTED; a missing file fails with ERR_FILE_NOT_FOUND.
        if request.failure != "net::ERR_ABORTED":
            failed.append(f"{request.url} {request.failure}")

    page.on("requestfailed", request_failed)
    page.on("pageerror", lambda error: failed.append(str(error)))
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


def test_header_search_lands_on_a_page(site, disk):
    page, failed = disk
    page.goto((site / POST).as_uri())
    page.fill("#bt-header-q", "đại hội")
    page.wait_for_timeout(400)  # past the as-you-type delay: nothing must be fetched
    with page.expect_navigation():
        page.press("#bt-header-q", "Enter")
    assert page.url.startswith((site / "tim-kiem/index.html").as_uri() + "?q=")
    assert "máy chủ web" in page.locator(".bt-search-offline").inner_text()
    assert "Index of" not in page.content()
    assert failed == []
