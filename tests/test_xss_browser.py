"""Editor text that JavaScript puts on the page at run time stays text: the site runs in
Chromium with payloads in a post's title, caption, alt, summary and tags, and every widget that
shows them is opened (the lightbox on each photo at phone and desktop sizes, the header search,
the search page). Nothing may run: no dialog, no marker set by a payload, no console error."""

from __future__ import annotations

import json

import pytest

from browsing import require_chromium, serve, shot
from sitebuild import copy_sample, run_bantin

require_chromium()
pytestmark = pytest.mark.browser

# Each payload sets window.__xss (or opens a dialog) if it ever runs.
RUN = "window.__xss=(window.__xss||[]).concat"
PAYLOADS = [
    f'x <img src=x onerror="{RUN}(1)">',
    f'"><svg onload={RUN}(2)>',
    f"</figcaption><script>{RUN}(3)</script>",
    f"&lt;img src=x onerror={RUN}(4)&gt;",  # markup after one more decode
    ".glightbox",  # GLightbox reads a description starting with '.' as a CSS selector
    f"Một chú thích rất dài, dài hơn sáu mươi ký tự để điện thoại rút gọn <img src=x onerror={RUN}(5)>",
]
TITLE = f"Xtitle <img src=x onerror={RUN}(6)> <b>đậm</b>"
PHOTOS = ["hoi-nghi.jpg", "bao-cao.jpg"]


def _post() -> str:
    photos = "".join(
        f"  - src: ../../images/2023/so-ket-cuc-thue/{name}\n    caption: {json.dumps(caption, ensure_ascii=False)}\n"
        f"    alt: {json.dumps(PAYLOADS[(i + 1) % len(PAYLOADS)], ensure_ascii=False)}\n"
        for i, (name, caption) in enumerate(zip(PHOTOS * 3, PAYLOADS, strict=True)))
    return (f"---\ntitle: {json.dumps(TITLE, ensure_ascii=False)}\ndate: 2023-03-01 08:00\nagency: so-tai-chinh\n"
            f"kind: dai-hoi-chi-bo\nterm: 2020-2025\ntags: [{json.dumps(PAYLOADS[1], ensure_ascii=False)}]\n"
            f"summary: {json.dumps(PAYLOADS[0], ensure_ascii=False)}\n"
            "cover: ../../images/2023/dai-hoi-cong-doan-so-giao-duc/toan-canh.jpg\n"
            f"photos:\n{photos}---\n\nXtitle: nội dung bài.\n\n"
            f"![{PAYLOADS[3]}](../../images/2023/so-ket-cuc-thue/hoi-nghi.jpg)\n")


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    root = copy_sample(tmp_path_factory.mktemp("xss"))
    folder = root / "images/2023/so-ket-cuc-thue"
    assert all((folder / name).is_file() for name in PHOTOS), sorted(folder.iterdir())
    (root / "posts/2023/tiem-ma.md").write_text(_post(), encoding="utf-8")
    result = run_bantin(root, "build")
    assert result.returncode == 0, result.stderr
    post = next(p for p in (root / "site/tin/2023/03").iterdir() if p.name.startswith("xtitle"))
    url, server = serve(root / "site")
    yield url, post.relative_to(root / "site").as_posix() + "/"
    server.shutdown()


def _armed(page):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    return dialogs


def _nothing_ran(page, dialogs):
    assert page.evaluate("window.__xss === undefined"), page.evaluate("window.__xss")
    assert dialogs == []
    assert page.console_errors == []


def test_lightbox_shows_captions_as_text(page, site_url):
    base, post = site_url
    dialogs = _armed(page)
    page.goto(base + post)
    links = page.locator("a.glightbox")
    count = links.count()
    assert count == len(PAYLOADS) + 2  # the gallery, the cover, the body image
    for a in links.element_handles():  # nothing of the editor's that the lightbox reads as HTML
        assert a.get_attribute("data-description") == "\u00a0"  # a constant placeholder
        assert a.get_attribute("data-title") is None
        assert a.get_attribute("title") is None and a.get_attribute("data-glightbox") is None
    seen = []
    for i in range(count):
        links.nth(i).click()
        slide = page.locator(".gslide.current")
        slide.locator(".gslide-image img").wait_for()
        caption = slide.locator(".gslide-desc.bt-lightbox-caption")
        caption.wait_for()
        seen.append(caption.text_content())
        assert caption.locator("*").count() == 0  # text only: not a single element inside
        if i == 0:
            shot(page, "lightbox-payload")
        page.keyboard.press("Escape")
        page.wait_for_selector(".glightbox-container", state="detached")
    for caption in PAYLOADS:
        assert caption in seen
    assert TITLE in seen  # the cover's caption is the title
    _nothing_ran(page, dialogs)


def test_lightbox_keyboard_through_every_slide(page, site_url):
    base, post = site_url
    dialogs = _armed(page)
    page.goto(base + post)
    page.locator(".bt-gallery a.glightbox").first.click()
    texts = []
    for _ in PAYLOADS:
        caption = page.locator(".gslide.current .gslide-desc.bt-lightbox-caption")
        caption.wait_for()
        texts.append(caption.text_content())
        alt = page.locator(".gslide.current .gslide-image img").get_attribute("alt")
        assert alt in PAYLOADS  # the photo's alt, as text
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(400)
    assert texts == PAYLOADS
    _nothing_ran(page, dialogs)


def test_search_box_and_page_show_payloads_as_text(page, site_url):
    base, _ = site_url
    dialogs = _armed(page)
    if page.viewport_name == "desktop":  # on a phone the header has only a link to the search page
        page.goto(base)
        page.locator("#bt-header-q").fill("Xtitle")
        result = page.locator(".bt-search-list .bt-result a").first
        result.wait_for()
        assert result.text_content() == TITLE
        assert result.locator("img, svg, b").count() == 0
    page.goto(base + "tim-kiem/?q=" + "xtitle")
    found = page.locator(".bt-result a").first
    found.wait_for()
    assert found.text_content() == TITLE
    summary = page.locator(".bt-result .bt-result-summary").first
    assert summary.text_content() == PAYLOADS[0]
    assert page.locator(".bt-result svg, .bt-result script").count() == 0
    # The one image a result may hold is its thumbnail, a rendition of the post's photo.
    assert page.locator(".bt-result img").evaluate_all(
        "imgs => imgs.every(i => i.matches('.bt-result > img.bt-result-thumb') && /\\/anh\\//.test(i.src))")
    _nothing_ran(page, dialogs)


def test_onward_lists_show_a_hostile_title_as_text(page, site_url):
    base, post = site_url
    dialogs = _armed(page)
    # The hostile post is the agency's next newer one: first in its "Tin cùng cơ quan".
    page.goto(base + "tin/2022/03/dai-hoi-chi-bo-phong-tai-chinh-doanh-nghiep-nhiem-ky-2022-2025/")
    links = page.locator(".bt-onward li > a")
    texts = links.all_text_contents()
    assert TITLE in texts
    hostile = links.nth(texts.index(TITLE))
    assert hostile.locator("*").count() == 0
    hostile.click()
    page.wait_for_url(base + post)
    _nothing_ran(page, dialogs)
