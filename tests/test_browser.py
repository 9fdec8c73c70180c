"""Browser: the built sample site in Debian's Chromium, at phone and desktop sizes.

Skips when Chromium is absent, except under CI=true where it must run.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sitebuild import REPO, copy_sample, run_bantin

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts" / "screenshots"
VIEWPORTS = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}

if not Path(CHROMIUM).exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError("CI=true but Chromium is not installed (apt-get install -y chromium)")
    pytest.skip("Chromium is not installed", allow_module_level=True)

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    root = copy_sample(tmp_path_factory.mktemp("browser"))
    result = run_bantin(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    handler = functools.partial(_Quiet, directory=str(root / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS))
def page(request, browser):
    context = browser.new_context(viewport=VIEWPORTS[request.param], locale="vi-VN")
    page = context.new_page()
    page.viewport_name = request.param
    page.console_errors = []
    page.requested_hosts = set()
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    page.on("request", lambda r: page.requested_hosts.add(urlsplit(r.url).hostname))
    yield page
    context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-{page.viewport_name}.png"), full_page=True)


def test_home_to_agency_to_post(page, base_url):
    page.goto(base_url)
    assert page.locator("h1").first.inner_text().startswith("Tin mới")
    assert page.locator("article.bt-card").count() == 10
    shot(page, "home")

    page.goto(base_url + "co-quan/so-cong-thuong/")
    assert "Đảng bộ Sở Công Thương" in page.locator("h1").first.inner_text()
    shot(page, "agency")
    page.locator("article.bt-card h2 a").first.click()
    page.wait_for_load_state()
    assert "/tin/" in page.url
    assert page.locator(".bt-meta time").inner_text().startswith("Thứ ")
    shot(page, "post")

    assert page.console_errors == []
    assert page.requested_hosts == {"127.0.0.1"}


def test_term_page_and_pagination(page, base_url):
    page.goto(base_url + "nhiem-ky/")
    page.locator(".md-content a", has_text="Nhiệm kỳ 2020-2025").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text().startswith("Nhiệm kỳ 2020-2025")
    page.goto(base_url)
    page.locator(".bt-pager a", has_text="Trang sau").click()
    page.wait_for_load_state()
    assert page.url.endswith("/trang/2/")
    assert page.console_errors == [] and page.requested_hosts == {"127.0.0.1"}


GALLERY_POST = "tin/2020/01/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022/"


def test_gallery_lightbox_by_click_and_keyboard(page, base_url):
    page.goto(base_url + GALLERY_POST)
    captions = page.locator(".bt-gallery figcaption").all_inner_texts()
    assert len(captions) == 8
    page.locator(".bt-gallery a.glightbox").first.click()
    current = page.locator(".gslide.current")
    current.locator("img").wait_for(state="visible")
    assert current.locator(".gslide-desc").inner_text().strip() == captions[0]
    assert page.evaluate("document.querySelector('.gslide.current img').naturalWidth") >= 1280
    shot(page, "lightbox")
    assert page.locator(".glightbox-container button.gclose").get_attribute("aria-label") == "Đóng"
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "t => document.querySelector('.gslide.current .gslide-desc')?.innerText.trim() === t", arg=captions[1])
    page.keyboard.press("Escape")
    page.wait_for_selector(".glightbox-container", state="detached")
    assert page.console_errors == [] and page.requested_hosts == {"127.0.0.1"}


def test_gallery_post_weighs_under_400_kb_of_images_on_a_phone(browser, base_url):
    context = browser.new_context(viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.goto(base_url + GALLERY_POST)
    height = page.evaluate("document.body.scrollHeight")
    for y in range(0, height + 844, 400):  # read to the end, as a reader would, loading every photo
        page.mouse.wheel(0, 400)
        page.wait_for_timeout(50)
    page.wait_for_load_state("networkidle")
    loaded = page.evaluate("""() => performance.getEntriesByType('resource')
        .filter(e => e.initiatorType === 'img' || /\\.(webp|jpg|png)$/.test(e.name))
        .map(e => [e.name, e.encodedBodySize])""")
    total = sum(size for _, size in loaded)
    assert len([n for n, _ in loaded if "/anh/" in n]) >= 8
    assert all(n.endswith(".webp") for n, _ in loaded if "/anh/" in n)  # the browser chose WebP
    assert total < 400_000, loaded
    (ARTIFACTS.parent / "gallery-phone-bytes.txt").write_text(f"{total}\n")
    context.close()
