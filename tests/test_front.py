"""The home page's featured story and agency blocks, and the photo library's albums (issue 19):
the built sample read as HTML, then in Chromium at phone and desktop sizes."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from test_xss_browser import PAYLOADS, _post

from browsing import require_chromium, serve, shot
from sitebuild import copy_sample, run_bantin

FEATURED = "---\ntitle: Tin nổi bật không ảnh\ndate: 2021-02-03 08:00\nagency: so-tai-chinh\nkind: dai-hoi-chi-bo\n" \
           "featured: true\n---\n\nNội dung.\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The sample with a post marked `featured: true` (old, without photo) and a hostile album."""
    root = copy_sample(tmp_path_factory.mktemp("front"))
    (root / "posts/2021").mkdir(exist_ok=True)
    (root / "posts/2021/noi-bat.md").write_text(FEATURED, encoding="utf-8")
    (root / "posts/2023/tiem-ma.md").write_text(_post(), encoding="utf-8")
    result = run_bantin(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site"


def soup_of(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def cards_of(container) -> list:
    return container.select("article.bt-card")


def test_the_featured_story_is_the_post_marked_featured(built):
    home = soup_of(built, "index.html")
    featured = home.select_one(".bt-featured")
    assert featured.h2.get_text(strip=True) == "Tin nổi bật không ảnh"
    assert featured.time and featured.select_one(".bt-card-meta a")


def test_without_a_marked_post_the_featured_story_is_the_newest_with_a_photo(base_url):
    home = BeautifulSoup(urllib.request.urlopen(base_url).read().decode(), "html.parser")
    featured = home.select_one(".bt-featured")
    image = featured.select_one(".bt-featured-photo img")
    assert image and image.get("loading") != "lazy" and image["width"] and image["height"]
    newest = next(c for c in cards_of(home.select_one(".bt-list")) if c.select_one(".bt-thumb img"))
    assert featured.h2.get_text(strip=True) == newest.h2.get_text(strip=True)


def test_each_agency_block_lists_its_newest_posts_in_order(built):
    home = soup_of(built, "index.html")
    blocks = home.select("section.bt-block")
    assert len(blocks) >= 2
    for block in blocks:
        link = block.h2.a["href"]
        agency = soup_of(built, link + "index.html")
        expected = [c.h2.get_text(strip=True) for c in cards_of(agency.select_one(".bt-list"))][:4]
        assert [c.h2.get_text(strip=True) for c in cards_of(block)] == expected
        assert block.select_one(".bt-more a")["href"] == link
        assert block.select_one(".bt-more a").get_text().startswith("Xem tất cả")


def test_every_card_has_an_image_area(built):
    for path in ("index.html", "trang/2/index.html", "co-quan/index.html"):
        if not (built / path).exists():
            continue
        for card in soup_of(built, path).select("article.bt-card"):
            area = card.select_one(".bt-thumb")
            assert area and (area.select_one("img") or "bt-thumb-blank" in area["class"]), card
    blank = soup_of(built, "index.html").select(".bt-thumb-blank")
    assert blank and all(b.get_text(strip=True) for b in blank)  # the agency's short name


def test_later_home_pages_still_list_posts(built):
    home = soup_of(built, "index.html")
    if (built / "trang/2/index.html").exists():
        second = soup_of(built, "trang/2/index.html")
        assert cards_of(second) and not second.select(".bt-featured, .bt-block")
    assert home.select_one(".bt-list") and cards_of(home.select_one(".bt-list"))


def _albums(built) -> list:
    albums = []
    path = "thu-vien-anh/index.html"
    while True:
        page = soup_of(built, path)
        albums += page.select("article.bt-album")
        following = page.select_one('.bt-pager a[rel="next"]')
        if not following:
            return albums
        path = str(Path(path).parent / following["href"] / "index.html")


def test_the_library_has_one_album_per_post_with_photos(built):
    albums = _albums(built)
    posts = [p for p in built.glob("tin/*/*/*/index.html")
             if soup_of(built, str(p.relative_to(built))).select(".bt-lead a.glightbox, .bt-gallery")]
    assert len(albums) == len(posts)
    galleries = set()
    for album in albums:
        post = album.h2.a["href"]
        page = soup_of(built, str(Path("thu-vien-anh") / post / "index.html"))
        photos = len(page.select(".bt-lead a.glightbox, .bt-gallery a.glightbox"))  # the lead photo and the rest
        count = int(re.search(r"(\d+) ảnh", album.select_one(".bt-card-meta").get_text()).group(1))
        links = album.select("a.glightbox")
        assert count == photos == len(links)
        assert {a["data-gallery"] for a in links} == {links[0]["data-gallery"]}
        galleries.add(links[0]["data-gallery"])
        image = album.select_one(".bt-album-cover img")
        assert image["loading"] == "lazy" and image["width"] and image["height"]
        for a in links:
            assert a.get("data-description") in (None, "\u00a0") and a.get("title") is None
    assert len(galleries) == len(albums)  # the lightbox walks one album only


def test_the_library_filters_are_plain_links_to_album_pages(built):
    library = soup_of(built, "thu-vien-anh/index.html")
    filters = library.select(".bt-facets a")
    assert filters
    for a in filters:
        page = soup_of(built, str(Path("thu-vien-anh") / a["href"] / "index.html"))
        assert page.select("article.bt-album")


def test_a_hostile_caption_is_text_in_the_library(built):
    html = (built / "thu-vien-anh/index.html").read_text(encoding="utf-8")
    assert "<script>window" not in html and "<img src=x" not in html and "<svg onload" not in html
    library = soup_of(built, "thu-vien-anh/index.html")
    captions = [f.get_text() for f in library.select(".bt-album figcaption")]
    assert PAYLOADS[2] in captions


# -- in Chromium --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site_url(built):
    require_chromium()
    url, server = serve(built)
    yield url
    server.shutdown()


@pytest.mark.browser
def test_home_page_screenshot(page, site_url):
    page.goto(site_url)
    assert page.locator(".bt-featured h2").is_visible()
    assert page.locator("section.bt-block").count() >= 2
    widths = page.eval_on_selector_all(".bt-block .bt-thumb", "els => els.map(e => e.getBoundingClientRect().width)")
    assert len(set(round(w) for w in widths)) == 1  # one shape of card
    shot(page, "front-home")
    assert page.console_errors == []
    assert page.requested_hosts <= {"127.0.0.1"}


@pytest.mark.browser
def test_the_library_opens_an_album_in_the_lightbox_on_the_same_page(page, site_url):
    dialogs: list = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(site_url + "thu-vien-anh/")
    album = page.locator("article.bt-album", has_text="Xtitle")
    count = int(re.search(r"(\d+) ảnh", album.locator(".bt-card-meta").text_content()).group(1))
    assert count == len(PAYLOADS) + 1  # the cover (no caption) leads the album, as in the article
    url = page.url
    album.locator(".bt-album-cover a").click()
    page.locator(".gslide.current .gslide-image img").wait_for()
    assert page.url == url
    assert page.locator(".glightbox-container .gslide").count() == count  # only this album's photos
    seen, alts = [], []
    for _ in range(count):
        page.locator(".gslide.current .gslide-image img").wait_for()
        page.wait_for_function("document.querySelector('.gslide.current').hasAttribute('data-bt-caption')")
        # Every slide has its alt text, the hidden ones too (their link's text), as text.
        alts.append(page.locator(".gslide.current .gslide-image img").get_attribute("alt"))
        caption = page.locator(".gslide.current .gslide-desc.bt-lightbox-caption")
        if caption.count():
            seen.append(caption.text_content())
            assert caption.locator("*").count() == 0
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(400)
    assert sorted(seen) == sorted(PAYLOADS)
    assert all(alts) and set(PAYLOADS) <= set(alts), alts
    shot(page, "front-library-lightbox")
    page.keyboard.press("Escape")
    page.wait_for_selector(".glightbox-container", state="detached")
    shot(page, "front-library")
    assert page.evaluate("window.__xss === undefined") and dialogs == []
    assert page.console_errors == []


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "thu-vien-anh/"])
def test_home_and_library_have_no_serious_axe_violations(page, site_url, path):
    from test_accessibility import axe, serious

    page.goto(site_url + path)
    assert serious(axe(page)) == []
