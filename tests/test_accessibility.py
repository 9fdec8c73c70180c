"""Accessibility and print, in Chromium: axe-core finds no serious or critical violation on any
page type (its full report goes to test-artifacts/axe.json), every image has alt text, the
lightbox and the search work by keyboard alone, and a post prints cleanly."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from browsing import ARTIFACTS, require_chromium, shot

require_chromium()
pytestmark = pytest.mark.browser
axe_package = pytest.importorskip("axe_playwright_python")
AXE = Path(axe_package.__file__).parent / "axe.min.js"  # axe-core, shipped in the PyPI package
REPORT = ARTIFACTS.parent / "axe"

GALLERY_POST = "tin/2020/01/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022/"
PAGES = {
    "home": "",
    "agency": "co-quan/so-cong-thuong/",
    "agency-term": "co-quan/so-cong-thuong/nhiem-ky/2020-2022/",
    "congress-overview": "dai-hoi/chi-bo/2020-2022/",
    "congress-agency": "co-quan/so-cong-thuong/dai-hoi/chi-bo/2020-2022/",
    "post-gallery": GALLERY_POST,
    "search": "tim-kiem/?q=dai+hoi",
    "archive": "luu-tru/2020/",
    "tags": "tu-khoa/",
    "photo-library": "thu-vien-anh/",
    "not-found": "khong-co-trang-nay/",
}


def axe(page) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]


def serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def keep(name: str, page, violations: list[dict]) -> None:
    REPORT.mkdir(parents=True, exist_ok=True)
    (REPORT / f"{name}-{page.viewport_name}.json").write_text(
        json.dumps(violations, ensure_ascii=False, indent=1), encoding="utf-8")


@pytest.mark.parametrize("name", PAGES)
def test_no_serious_or_critical_violation_and_every_image_has_alt_text(page, base_url, name):
    page.goto(base_url + PAGES[name])
    if name == "search":
        page.wait_for_selector(".bt-search-results .bt-result")
    assert page.locator("html").get_attribute("lang") == "vi"
    violations = axe(page)
    keep(name, page, violations)
    assert serious(violations) == []
    missing = page.evaluate("[...document.images].filter(i => !i.closest('[aria-hidden=true]')"
                            " && !(i.getAttribute('alt') || '').trim()).map(i => i.src)")
    assert missing == []


def test_open_lightbox_has_no_serious_violation(page, base_url):
    page.goto(base_url + GALLERY_POST)
    page.locator(".bt-gallery a.glightbox").first.click()
    page.locator(".gslide.current img").wait_for(state="visible")
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")  # zoom-in done
    violations = axe(page)
    keep("lightbox", page, violations)
    assert serious(violations) == []


def test_lightbox_by_keyboard_alone(page, base_url):
    page.goto(base_url + GALLERY_POST)
    first = page.locator(".bt-gallery a.glightbox").first
    for _ in range(200):  # Tab from the top of the page, as a keyboard user does
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.bt-gallery a.glightbox')"):
            break
    else:
        pytest.fail("the first photo is never reached with Tab")
    assert page.evaluate("document.activeElement") == first.evaluate("e => e")
    page.keyboard.press("Enter")
    page.locator(".gslide.current img").wait_for(state="visible")
    caption = page.locator(".gslide.current .gslide-desc").inner_text().strip()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("t => document.querySelector('.gslide.current .gslide-desc')?.innerText.trim() !== t",
                           arg=caption)
    page.keyboard.press("Escape")
    page.wait_for_selector(".glightbox-container", state="detached")


def test_search_page_by_keyboard_alone(page, base_url):
    page.goto(base_url + "tim-kiem/")
    page.locator("#bt-q").focus()
    page.keyboard.type("hoi nghi")
    page.wait_for_selector(".bt-search-results .bt-result")
    for _ in range(60):  # on to a facet (on a phone, behind "Bộ lọc"), then choose it with the keyboard
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.bt-filter-toggle[aria-expanded=false]')"):
            page.keyboard.press("Enter")
        if page.evaluate("document.activeElement.matches('.bt-facet')"):
            break
    else:
        pytest.fail("no facet is reached with Tab")
    label = page.evaluate("document.activeElement.innerText")
    page.keyboard.press("Enter")
    page.wait_for_selector(".bt-facet--on")
    assert page.locator(".bt-facet--on").inner_text() == label
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.bt-result a')"):
            break
    else:
        pytest.fail("no result is reached with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/tin/" in page.url


def test_a_post_prints_with_its_masthead_without_navigation_four_photos_a_row_and_its_address(browser, base_url):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.viewport_name = "print"
    page.goto(base_url + GALLERY_POST)
    masthead = page.locator(".bt-print-masthead")
    assert not masthead.is_visible()  # on paper only
    page.locator(".bt-gallery").scroll_into_view_if_needed()
    page.emulate_media(media="print")
    assert masthead.is_visible()
    assert masthead.inner_text().casefold() == "Bản tin Đảng bộ Khối các cơ quan tỉnh Nam Sơn".casefold()
    first = page.evaluate("[...document.querySelectorAll('.md-content__inner > *')].find("
                          "e => getComputedStyle(e).display !== 'none').className")
    assert first == "bt-print-masthead"  # above the title
    for hidden in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-footer", ".bt-breadcrumb", ".bt-onward",
                   ".bt-tags", ".md-top", ".md-search", ".bt-tools"):
        assert not page.locator(hidden).first.is_visible(), hidden
    printed_buttons = page.evaluate("[...document.querySelectorAll('button, input, select, textarea')]"
                                    ".filter(e => e.checkVisibility()).length")
    assert printed_buttons == 0
    assert page.locator(".bt-lead img").is_visible()  # the cover prints at the top; the gallery has the other 7
    boxes = [f.bounding_box() for f in page.locator(".bt-gallery figure").all()]
    rows = sorted({round(b["y"]) for b in boxes})
    assert len(boxes) == 7 and [sum(round(b["y"]) == y for b in boxes) for y in rows] == [4, 3]  # 4 a row
    assert all(page.locator(".bt-gallery figcaption").nth(i).is_visible() for i in range(7))
    address = page.locator(".bt-print-url")
    assert address.is_visible()
    assert address.inner_text() == "Địa chỉ bài viết: https://example.github.io/bantin/" + GALLERY_POST
    last = page.evaluate("[...document.querySelectorAll('.md-content__inner > *')].filter("
                         "e => getComputedStyle(e).display !== 'none').pop().className")
    assert last == "bt-print-url"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "post-print.pdf"), format="A4", print_background=False)
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    # The article with its lead photo and the gallery, four small photos a row, on two A4 pages
    # (margins of 12 and 14 mm, the text the page's full width).
    assert 1 <= pages <= 2, pages
    shot(page, "post")
    context.close()
