"""Browser: `bantin serve` in Debian's Chromium when posts have errors. The open page turns into
the error page by itself when a post breaks, follows each save, and turns back into the post by
itself once the file is fixed; editor text on the error page is text; the page reads on a phone.

Skips when Chromium is absent, except under CI=true where it must run.
"""

from __future__ import annotations

import pytest

from browsing import VIEWPORTS, require_chromium, shot, watched
from factories import edit, write_post
from sitebuild import copy_sample, run_bantin, serve_bantin

require_chromium()
pytestmark = pytest.mark.browser

POST = "posts/2020/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022.md"
URL = "tin/2020/01/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022/"
TITLE = "Đại hội Chi bộ Văn phòng lần thứ nhất, nhiệm kỳ 2020-2022"
WAIT = 180_000  # ms for a rebuild to reach the browser on a loaded machine


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="vi-VN")
    yield context
    context.close()


def check_entries(root) -> list[str]:
    """`bantin check`'s problems, one entry each (its → line joined), whitespace collapsed."""
    entries: list[str] = []
    for line in run_bantin(root, "check").stdout.splitlines()[:-1]:
        if line.startswith("    → "):
            entries[-1] += " " + line.strip()
        else:
            entries.append(line)
    return [" ".join(entry.split()) for entry in entries]


def shown(page, selector: str) -> list[str]:
    return [" ".join(text.split()) for text in page.locator(selector).all_inner_texts()]


def titled(page, start: str) -> None:
    """Wait, without touching the page, until the document it shows has a title starting `start`."""
    page.wait_for_function("start => document.title.startsWith(start)", arg=start, timeout=WAIT)


def test_the_open_page_follows_the_errors_and_comes_back_to_the_post_by_itself(context, tmp_path):
    root = copy_sample(tmp_path / "project")
    preview = serve_bantin(root)
    try:
        preview.until("", lambda status, body: status == 200 and "Tin mới" in body)
        page = watched(context, "phone")
        page.goto(preview.base + URL)
        titled(page, TITLE)

        edit(root / POST, "agency: so-cong-thuong", "agency: so-cong-thuog")  # saved with an error
        titled(page, "Có lỗi cần sửa")  # MkDocs' own live reload brought the error page
        assert page.url == preview.base + URL
        assert shown(page, "ol.cac-loi li") == [e for e in check_entries(root) if e.startswith("LỖI ")]
        assert page.locator("h1").inner_text() == "Có lỗi cần sửa"
        shot(page, "serve-error-page")

        edit(root / POST, "kind: dai-hoi-chi-bo", "kind: dai-hoi-chi-boo")  # a second error
        page.wait_for_function("() => document.querySelectorAll('ol.cac-loi li').length === 2", timeout=WAIT)
        assert shown(page, "ol.cac-loi li")[1].startswith(f"LỖI {POST}:7: [kind] loại tin 'dai-hoi-chi-boo'")
        edit(root / POST, "agency: so-cong-thuog", "agency: so-cong-thuong")  # one fixed
        page.wait_for_function("() => document.querySelectorAll('ol.cac-loi li').length === 1", timeout=WAIT)
        assert shown(page, "ol.cac-loi li")[0].startswith(f"LỖI {POST}:7: [kind]")

        edit(root / POST, "kind: dai-hoi-chi-boo", "kind: dai-hoi-chi-bo")  # all fixed
        titled(page, TITLE)  # the error page's own wait brought the post back
        assert page.url == preview.base + URL
        assert page.locator(".md-content h1").first.inner_text().startswith(TITLE)
        assert page.locator("ol.cac-loi").count() == 0
        assert page.requested_hosts == {"127.0.0.1"}
    finally:
        preview.stop()


STATUS_503 = "Failed to load resource: the server responded with a status of 503 (Service Unavailable)"
HOSTILE_NAME = "posts/2024/<img src=x onerror=window.__xss=1>.md"


def test_editor_text_on_the_error_page_is_text_and_nothing_runs(browser, tmp_path):
    root = copy_sample(tmp_path / "project")
    write_post(root, HOSTILE_NAME, """
title: Tin thử
date: 2024-03-01
agency: "<script>window.__xss=2</script>"
kind: <img src=x onerror=window.__xss=3>
""")
    edit(root / "mkdocs.yml", "site_name: Bản tin", "site_name: <b onmouseover=window.__xss=4>Bản tin")
    preview = serve_bantin(root)  # the first build fails: the preview starts with the error page
    try:
        preview.until("", lambda status, body: status == 503)
        expected = [e for e in check_entries(root) if e.startswith("LỖI ")]
        for name, viewport in VIEWPORTS.items():
            context = browser.new_context(viewport=viewport, locale="vi-VN")
            page = watched(context, name)
            page.goto(preview.base + URL)
            assert page.title().startswith("Có lỗi cần sửa – <b onmouseover=window.__xss=4>Bản tin")
            assert shown(page, "ol.cac-loi li") == expected
            assert f"LỖI {HOSTILE_NAME}:4: [agency] cơ quan '<script>window.__xss=2</script>'" in expected[0]
            assert f"LỖI {HOSTILE_NAME}:5: [kind] loại tin '<img src=x onerror=window.__xss=3>'" in expected[1]
            page.locator("header").hover()
            assert page.evaluate("typeof window.__xss") == "undefined"  # nothing ran
            assert page.evaluate("document.querySelectorAll('img, svg, b, [onerror], [onmouseover]').length") == 0
            assert page.evaluate("document.scripts.length") == 1  # the page's own wait for the next build
            # Readable on a phone: nothing wider than the screen, text at least 16 px.
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 16
            assert page.requested_hosts == {"127.0.0.1"}
            assert page.console_errors == [STATUS_503]  # the page's own status (the site is not there yet)
            shot(page, "serve-error-page-hostile")
            context.close()
    finally:
        preview.stop()
