"""The lightbox on a post's gallery, in Chromium at phone and desktop sizes: its controls are
inside the screen and big enough to tap, a counter follows the slides, a swipe changes the
photo, and Back closes the photo without leaving the article (closing by the button leaves no
history entry behind)."""

from __future__ import annotations

import re

import pytest

from browsing import VIEWPORTS, require_chromium, shot, watched

require_chromium()
pytestmark = pytest.mark.browser

GALLERY_POST = "tin/2020/01/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022/"
CONTROLS = {".gclose": "Đóng", ".gprev": "Ảnh trước", ".gnext": "Ảnh sau"}
COUNTER = ".glightbox-container .bt-lightbox-counter"


def _open(page, base_url, nth=0):
    page.goto(base_url + GALLERY_POST)
    page.locator(".bt-lead a.glightbox, .bt-gallery a.glightbox").nth(nth).click()
    page.locator(".gslide.current img").wait_for(state="visible")
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")


def _counter_reads(page, text):
    page.wait_for_function("t => document.querySelector('.bt-lightbox-counter')?.textContent === t", arg=text)


def test_controls_are_inside_the_screen_and_big_enough_to_tap(page, base_url):
    _open(page, base_url, 1)  # the second photo: both arrows enabled
    size = page.viewport_size
    for selector, name in CONTROLS.items():
        button = page.locator(f".glightbox-container button{selector}")
        assert button.get_attribute("aria-label") == name
        assert button.is_visible(), selector
        box = button.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, (selector, box)
        assert box["x"] >= 0 and box["y"] >= 0, (selector, box)
        assert box["x"] + box["width"] <= size["width"] and box["y"] + box["height"] <= size["height"], (selector, box)
        # nothing covers it: a tap lands on the button itself
        hit = page.evaluate("([x, y]) => document.elementFromPoint(x, y)?.closest('button')?.className || ''",
                            [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
        assert selector[1:] in hit.split(), (selector, hit)
    shot(page, "lightbox-controls")
    page.locator(".glightbox-container button.gnext").click()
    _counter_reads(page, "3/8")
    page.locator(".glightbox-container button.gprev").click()
    _counter_reads(page, "2/8")
    page.locator(".glightbox-container button.gclose").click()
    page.wait_for_selector(".glightbox-container", state="detached")
    assert page.console_errors == [] and page.requested_hosts == {"127.0.0.1"}


def test_counter_follows_the_slides_and_is_announced_politely(page, base_url):
    _open(page, base_url)
    counter = page.locator(COUNTER)
    assert counter.get_attribute("aria-live") == "polite"
    assert counter.is_visible()
    _counter_reads(page, "1/8")
    page.keyboard.press("ArrowRight")
    _counter_reads(page, "2/8")
    page.locator(".glightbox-container button.gnext").click()
    _counter_reads(page, "3/8")
    page.keyboard.press("ArrowLeft")
    _counter_reads(page, "2/8")
    box = counter.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]
    page.keyboard.press("Escape")
    page.wait_for_selector(".glightbox-container", state="detached")


def test_back_closes_the_photo_and_stays_on_the_article(page, base_url):
    page.goto(base_url)
    _open(page, base_url)
    article = page.url
    length = page.evaluate("history.length")
    page.locator(".glightbox-container button.gnext").click()
    _counter_reads(page, "2/8")
    page.go_back()
    page.wait_for_selector(".glightbox-container", state="detached")
    assert page.url == article
    assert page.locator("h1").first.is_visible()
    # opened again and closed by the button or Escape: no entry piles up, Back leaves the article
    for close in ("button", "Escape"):
        page.locator(".bt-lead a.glightbox, .bt-gallery a.glightbox").nth(2).click()
        _counter_reads(page, "3/8")
        assert page.evaluate("history.state && history.state.btLightbox") is True
        if close == "button":
            page.locator(".glightbox-container button.gclose").click()
        else:
            page.keyboard.press("Escape")
        page.wait_for_selector(".glightbox-container", state="detached")
        page.wait_for_function("!(history.state && history.state.btLightbox)")
        assert page.url == article
        assert page.evaluate("history.length") == length
    page.go_back()
    page.wait_for_load_state()
    assert page.url == base_url  # the page before the article
    assert page.console_errors == []


def test_a_swipe_changes_the_photo(browser, base_url):
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="vi-VN", has_touch=True, is_mobile=True)
    page = watched(context, "phone-touch")
    try:
        _open(page, base_url)
        _counter_reads(page, "1/8")
        cdp = context.new_cdp_session(page)
        y = VIEWPORTS["phone"]["height"] // 2

        def swipe(x0, x1):
            cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x0, "y": y}]})
            for step in range(1, 9):
                x = x0 + (x1 - x0) * step / 8
                cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
                page.wait_for_timeout(16)
            cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

        swipe(320, 60)  # to the left: the next photo
        _counter_reads(page, "2/8")
        page.wait_for_timeout(500)
        swipe(60, 320)  # to the right: back to the first
        _counter_reads(page, "1/8")
        assert re.fullmatch(r"\d+/\d+", page.locator(COUNTER).text_content())
        assert page.console_errors == []
    finally:
        context.close()
