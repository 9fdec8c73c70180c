"""A post's top in Chromium, on a phone and a desktop: the lead photo on the first screen, and the
reading aids (copy the link, share, print, text size) working without any other host."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from browsing import VIEWPORTS, require_chromium, shot, watched

require_chromium()
pytestmark = pytest.mark.browser

GALLERY_POST = "tin/2020/01/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022/"
CANONICAL = "https://example.github.io/bantin/" + GALLERY_POST
LOADED = "i => i.complete && i.naturalWidth > 0"
FONT = "parseFloat(getComputedStyle(document.querySelector('.md-content article p.bt-sapo ~ p')).fontSize)"


@pytest.fixture(params=["desktop", "phone"])
def reader(request, browser):
    context = browser.new_context(viewport=VIEWPORTS[request.param], locale="vi-VN",
                                  permissions=["clipboard-read", "clipboard-write"])
    yield watched(context, request.param)
    context.close()


def clean(page) -> None:
    assert page.console_errors == []
    assert page.requested_hosts == {"127.0.0.1"}


def test_lead_photo_on_the_first_screen_then_the_sapo(reader, base_url):
    page = reader
    page.goto(base_url + GALLERY_POST)
    lead = page.locator(".bt-lead img")
    lead.wait_for(state="visible")
    page.wait_for_function(LOADED, arg=lead.element_handle())
    box = lead.bounding_box()
    assert 0 <= box["y"] < VIEWPORTS["phone"]["height"] and box["width"] > 200
    sapo = page.locator(".bt-sapo")
    assert int(sapo.evaluate("e => getComputedStyle(e).fontWeight")) >= 700
    shot(page, "post-top")
    clean(page)


def test_copy_link_puts_the_canonical_address_on_the_clipboard_and_says_so(reader, base_url):
    page = reader
    page.goto(base_url + GALLERY_POST)
    page.get_by_role("button", name="Sao chép liên kết").click()
    status = page.locator(".bt-tools [role=status]")
    page.wait_for_function("() => document.querySelector('.bt-tools [role=status]').textContent !== ''")
    assert status.inner_text().endswith("Đã sao chép liên kết")
    assert page.evaluate("navigator.clipboard.readText()") == CANONICAL
    shot(page, "post-copied")
    clean(page)


def test_copy_link_without_the_clipboard_api_still_answers(reader, base_url):
    page = reader
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.goto(base_url + GALLERY_POST)
    page.get_by_role("button", name="Sao chép liên kết").click()
    page.wait_for_function("() => document.querySelector('.bt-tools [role=status]').textContent !== ''")
    said = page.locator(".bt-tools [role=status]").inner_text()
    assert said == "Đã sao chép liên kết" or said == "Không sao chép được; địa chỉ bài: " + CANONICAL
    clean(page)


def test_text_size_grows_and_is_remembered(reader, base_url):
    page = reader
    page.goto(base_url + GALLERY_POST)
    before = page.evaluate(FONT)
    larger = page.get_by_role("button", name="Tăng cỡ chữ")
    larger.click()
    larger.click()
    bigger = page.evaluate(FONT)
    assert bigger > before * 1.2
    page.wait_for_function("() => document.querySelector('.bt-tools [role=status]').textContent === 'Cỡ chữ 130%'")
    shot(page, "post-larger-text")
    page.reload()
    assert page.evaluate(FONT) == bigger
    smaller = page.get_by_role("button", name="Giảm cỡ chữ")
    for _ in range(3):  # 130% → 115% → 100% → 90%, the smallest
        smaller.click()
    assert page.evaluate(FONT) < before and smaller.get_attribute("aria-disabled") == "true"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Giảm cỡ chữ"
    clean(page)


def test_text_size_works_where_storage_refuses(reader, base_url):
    page = reader
    page.add_init_script("Object.defineProperty(window, 'localStorage', {get() { throw new Error('private') }})")
    page.goto(base_url + GALLERY_POST)
    before = page.evaluate(FONT)
    page.get_by_role("button", name="Tăng cỡ chữ").click()
    assert page.evaluate(FONT) > before
    clean(page)


def test_share_links_and_print_button(reader, base_url):
    page = reader
    page.goto(base_url + GALLERY_POST)
    encoded = quote(CANONICAL, safe="")
    facebook = page.get_by_role("link", name="Facebook")
    zalo = page.get_by_role("link", name="Zalo")
    assert facebook.get_attribute("href") == "https://www.facebook.com/sharer/sharer.php?u=" + encoded
    assert zalo.get_attribute("href") == "https://sp.zalo.me/share_to?url=" + encoded
    page.evaluate("window.print = () => { window.printed = true }")
    page.get_by_role("button", name="In bài").click()
    assert page.evaluate("window.printed") is True
    page.emulate_media(media="print")
    assert not page.locator(".bt-tools").is_visible()
    clean(page)


def test_without_javascript_no_dead_button(browser, base_url):
    context = browser.new_context(viewport=VIEWPORTS["phone"], java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + GALLERY_POST)
    assert page.locator(".bt-tools button").count() == 0
    assert page.locator(".bt-tools a").count() == 2 and page.locator(".bt-lead img").is_visible()
    context.close()
