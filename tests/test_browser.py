"""Browser: the built sample site in Debian's Chromium, at phone and desktop sizes.

Skips when Chromium is absent, except under CI=true where it must run.
"""

from __future__ import annotations

import re
import shutil

import pytest

from bantin.site import ASSETS
from browsing import ARTIFACTS, VIEWPORTS, require_chromium, serve, shot
from sitebuild import copy_sample, run_bantin

require_chromium()
pytestmark = pytest.mark.browser


def test_home_to_agency_to_post(page, base_url):
    page.goto(base_url)
    assert page.locator("h1").first.inner_text().startswith("Tin mới")
    assert page.locator(".bt-list article.bt-card").count() == 10  # the list below the blocks
    shot(page, "home")

    page.goto(base_url + "co-quan/so-cong-thuong/")
    assert "Đảng bộ Sở Công Thương" in page.locator("h1").first.inner_text()
    shot(page, "agency")
    page.locator("article.bt-card h2 a").first.click()
    page.wait_for_load_state()
    assert "/tin/" in page.url
    assert re.fullmatch(r"Thứ \w+, \d\d/\d\d/20\d\d( \d\d:\d\d)?", page.locator(".bt-meta time").inner_text())
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
    assert len(captions) == 7  # the eighth photo, the cover, leads the post
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
    for _ in range(0, height + 844, 400):  # read to the end, as a reader would, loading every photo
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


CONGRESS_TITLES = 8  # sample posts whose title starts with "Đại hội" (drafts excluded)


def result_titles(page) -> list[str]:
    return page.locator(".bt-search-results .bt-result > a").all_inner_texts()


def search(page, base_url, query: str, **params) -> list[str]:
    """Open the search page for `query`, load every page of results, return the titles."""
    import re
    from urllib.parse import urlencode

    page.goto(base_url + "tim-kiem/?" + urlencode({"q": query, **params}))
    page.wait_for_function("() => /Tìm thấy|Không tìm thấy|Không có bài/.test(document.querySelector('.bt-search-status').innerText)",
                           timeout=10_000)
    found = re.search(r"Tìm thấy ([\d.]+) bài viết", page.locator(".bt-search-status").inner_text())
    total = int(found.group(1).replace(".", "")) if found else 0
    while True:
        page.wait_for_function(f"() => document.querySelectorAll('.bt-result').length >= Math.min({total}, 10)")
        count = page.locator(".bt-result").count()
        if count >= total:
            break
        page.locator(".bt-search-more").click()
        page.wait_for_function(f"() => document.querySelectorAll('.bt-result').length > {count}")
    return result_titles(page)


def test_search_with_or_without_diacritics_finds_the_same_posts(page, base_url):
    import unicodedata

    plain = search(page, base_url, "dai hoi")
    assert sum(t.startswith("Đại hội") for t in plain) == CONGRESS_TITLES
    assert "đại hội" in plain[0].lower()  # a phrase in the title ranks first (not always at its start)
    assert "Đại hội" in page.locator(".bt-result mark").first.inner_text() or \
        page.locator(".bt-result mark").first.inner_text() in ("Đại", "hội")
    shot(page, "search")
    for query in ("Đại hội", "ĐẠI HỘI", unicodedata.normalize("NFD", "Đại hội"), "đại hội"):
        assert sorted(search(page, base_url, query)) == sorted(plain), query
    assert search(page, base_url, "hoi nghi so ket 6 thang") == search(page, base_url, "Hội nghị sơ kết 6 tháng")
    assert page.console_errors == [] and page.requested_hosts == {"127.0.0.1"}


def open_filters(page) -> None:
    """On a phone the facets are folded behind "Bộ lọc": open them (wider screens always show them)."""
    toggle = page.locator(".bt-filter-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    page.locator("#bt-facets .bt-facet").first.wait_for(state="visible")


def test_search_facets_narrow_and_are_in_the_url(page, base_url):
    everything = search(page, base_url, "dai hoi")
    open_filters(page)
    page.locator(".bt-facet", has_text="2020-2022").click()
    page.wait_for_selector(".bt-facet--on")
    page.wait_for_function("() => /nhiem-ky=2020-2022/.test(location.search)")
    page.wait_for_function(
        "n => { const shown = document.querySelectorAll('.bt-result').length;"
        " const m = document.querySelector('.bt-search-status').innerText.match(/Tìm thấy (\\d+)/);"
        " return m && +m[1] < n && shown === Math.min(+m[1], 10); }", arg=len(everything))
    narrowed = result_titles(page)
    assert narrowed and set(narrowed) < set(everything)
    assert page.locator(".bt-facet--on").inner_text().startswith("2020-2022")
    shared = page.url  # the same search as a link
    assert search(page, base_url, "dai hoi", **{"nhiem-ky": "2020-2022"}) == narrowed
    assert "nhiem-ky=2020-2022" in shared
    by_date = search(page, base_url, "dai hoi", **{"sap-xep": "ngay"})
    dates = page.locator(".bt-result-meta").all_inner_texts()
    stamps = [d.split(" · ")[0].split("/")[::-1] for d in dates]
    assert stamps == sorted(stamps, reverse=True) and sorted(by_date) == sorted(everything)


def test_search_results_show_thumbnails_that_load(page, base_url):
    """A result shows its post's cover (or first photo) small, sized before it loads, decorative;
    one without a photo a tile of the same size, so that every title starts at the same place."""
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(f"{r.url} {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.url} {r.status}"))
    titles = search(page, base_url, "dai hoi")
    manifest = page.request.get(base_url + "tim-kiem/index/manifest.json").json()
    rows = [row for n in range(-(-manifest["docs"] // manifest["chunk"]))
            for row in page.request.get(base_url + f"tim-kiem/index/d/{n}.json").json()]
    thumbs = {row[1]: row[-1] for row in rows}
    with_photo = [t for t in titles if thumbs[t]]
    assert len(with_photo) >= 3 and len(with_photo) < len(titles)
    results = page.locator(".bt-search-results .bt-result")
    for i, title in enumerate(titles):
        result = results.nth(i)
        if not thumbs[title]:
            assert result.locator("img").count() == 0
            assert result.locator(".bt-result-thumb--none").count() == 1
            continue
        img = result.locator("img.bt-result-thumb")
        assert img.get_attribute("src") == base_url + thumbs[title]
        assert img.get_attribute("alt") == "" and img.get_attribute("aria-hidden") == "true"  # decorative
        assert img.get_attribute("loading") == "lazy"
        assert int(img.get_attribute("width")) > 0 and int(img.get_attribute("height")) > 0
        img.scroll_into_view_if_needed()
        img.evaluate("i => i.decode()")
        assert img.evaluate("i => i.complete && i.naturalWidth > 0")
    boxes = [results.nth(i).locator(":scope > a").bounding_box() for i in range(len(titles))]
    tiles = [results.nth(i).locator(".bt-result-thumb").bounding_box() for i in range(len(titles))]
    assert len({round(b["x"]) for b in boxes}) == 1  # every title starts at the same x
    assert len({(round(t["width"]), round(t["height"])) for t in tiles}) == 1
    assert failed == [] and page.console_errors == []


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1366, "height": 900}],
                         ids=["phone", "desktop"])
def test_search_filters_fold_on_a_phone_count_and_clear(browser, base_url, viewport):
    """On a phone the first result is on the first screen: the facets wait behind "Bộ lọc (n)"
    (n: the filters set); on a desktop they are shown. "Xóa bộ lọc" clears them all, then goes."""
    import re

    from browsing import watched

    phone = viewport["width"] < 700
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    page = watched(context, "phone" if phone else "desktop")
    page.goto(base_url + "tim-kiem/?q=%C4%91%E1%BA%A1i+h%E1%BB%99i")  # đại hội: many results
    page.wait_for_function("() => document.querySelectorAll('.bt-result').length === 10")
    total = int(re.search(r"Tìm thấy (\d+) bài viết", page.locator(".bt-search-status").inner_text()).group(1))
    assert total > 10 and page.evaluate("scrollY") == 0
    toggle, clear, facets = page.locator(".bt-filter-toggle"), page.locator(".bt-filter-clear"), page.locator("#bt-facets")
    first = page.locator(".bt-search-results .bt-result > a").first.bounding_box()
    assert 0 <= first["y"] and first["y"] + first["height"] <= viewport["height"]  # no scrolling
    assert not clear.is_visible()
    if phone:
        assert toggle.is_visible() and not facets.is_visible()
        assert toggle.inner_text() == "Bộ lọc" and toggle.get_attribute("aria-expanded") == "false"
        assert toggle.get_attribute("aria-controls") == "bt-facets"
        assert page.locator("label[for=bt-q]").bounding_box()["width"] <= 1  # for screen readers only
        sort, submit = page.locator("#bt-sort").bounding_box(), page.locator(".bt-search-form button").bounding_box()
        assert abs(sort["y"] - submit["y"]) < 4  # on one row
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true" and facets.is_visible()
    else:
        assert facets.is_visible() and not toggle.is_visible()

    def choose(facet: str, value: str, filters: int) -> None:
        page.locator(f'.bt-facet[data-facet="{facet}"][data-value="{value}"]').click()
        page.wait_for_function("n => document.querySelectorAll('.bt-facet--on').length === n", arg=filters)
        page.wait_for_function("s => document.activeElement.matches(s)",  # focus stays on the facet, drawn anew
                               arg=f'.bt-facet[data-facet="{facet}"][data-value="{value}"]')
        if phone:
            assert toggle.inner_text() == (f"Bộ lọc ({filters})" if filters else "Bộ lọc")
        assert clear.is_visible() is bool(filters)

    choose("nhiem-ky", "2020-2022", 1)
    choose("nam", "2020", 2)
    page.wait_for_function("() => /nhiem-ky=2020-2022/.test(location.search) && /nam=2020/.test(location.search)")
    if phone:
        page.screenshot(path=str(ARTIFACTS / "search-phone-filters.png"), full_page=True)
    choose("nam", "2020", 1)  # chosen again: unset
    choose("nam", "2020", 2)
    assert len(result_titles(page)) < 10
    clear.click()
    page.wait_for_function("() => !/nhiem-ky|nam=/.test(location.search) && /q=/.test(location.search)")
    page.wait_for_function("n => document.querySelectorAll('.bt-result').length === Math.min(n, 10)"
                           " && /Tìm thấy/.test(document.querySelector('.bt-search-status').innerText)", arg=total)
    assert page.locator(".bt-facet--on").count() == 0 and not clear.is_visible()
    assert f"Tìm thấy {total} bài viết" in page.locator(".bt-search-status").inner_text()
    if phone:
        assert toggle.inner_text() == "Bộ lọc"
        assert page.evaluate("document.activeElement.matches('.bt-filter-toggle')")
    else:
        page.wait_for_function("() => document.activeElement.matches('#bt-facets .bt-facet')")
    assert page.console_errors == []
    context.close()


def test_search_nonsense_says_so_in_vietnamese(page, base_url):
    assert search(page, base_url, "xyzzy qwerty") == []
    assert page.locator(".bt-search-status").inner_text().startswith("Không tìm thấy bài viết nào phù hợp")


def test_agency_page_links_to_its_search(page, base_url):
    page.goto(base_url + "co-quan/so-cong-thuong/")
    with page.expect_navigation():
        page.locator("a.bt-search-link").click()
    assert "co-quan=so-cong-thuong" in page.url
    page.fill("#bt-q", "dai hoi")
    page.wait_for_function("() => document.querySelectorAll('.bt-result').length > 0")
    assert all("Sở Công Thương" in m for m in page.locator(".bt-result-meta").all_inner_texts())


def test_header_box_gives_results_while_typing_and_by_keyboard(page, base_url):
    page.goto(base_url + "loai/")
    page.evaluate("window.__stayed = true")
    if page.viewport_name == "phone":  # a magnifier in the header opens the box over it
        assert not page.locator("#bt-header-q").is_visible()
        page.locator(".bt-header-search .bt-search-icon").click()
        assert page.locator("#bt-header-q").is_visible()
    page.locator("#bt-header-q").press_sequentially("hoi nghi so ket", delay=20)
    page.wait_for_selector(".bt-search-panel:not([hidden]) .bt-result")
    assert page.evaluate("window.__stayed") is True  # no page load
    first = page.locator(".bt-search-panel .bt-result a").first.inner_text()
    page.locator("#bt-header-q").press("ArrowDown")
    assert page.evaluate("document.activeElement.innerText") == first
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/tin/" in page.url and page.locator("h1").first.inner_text().startswith(first[:20])


def test_javascript_folds_like_python(page, base_url):
    import unicodedata

    from bantin.site.search_index import fnv1a, syllables, tokens

    samples = ["Đại hội Chi bộ", "ĐẠI HỘI", unicodedata.normalize("NFD", "Hội nghị sơ kết 6 tháng"),
               "Nhiệm kỳ 2020–2025", "Ủy ban Kiểm tra", "dai hoi", "Sở GD&ĐT", "Ωmega straße Ｆｕｌｌ ẞ ſ ﬁnal ﬀ",
               "x²+y₂ ½ Ⅻ", "thuế_TNCN", "İstanbul ǅ", "ĐẢNG ỦY KHỐI", "a" * 32 + " " + "b" * 33,
               "ắ" * 30 + " " + "ắ" * 40 + " " + "𝒜" * 20 + "x"]
    page.goto(base_url)
    for text in samples:
        assert page.evaluate("t => window.bantinSearch.tokens(t)", text) == tokens(text), text
        assert [tuple(s) for s in page.evaluate("t => window.bantinSearch.syllables(t)", text)] == syllables(text), text
    for term in ("dai", "dai hoi", "nhiem", "2025"):
        assert page.evaluate("t => window.bantinSearch.fnv1a(t)", term) == fnv1a(term)


def test_engine_reads_bitset_and_list_postings_of_a_large_index(browser, tmp_path):
    """Sites of 512+ posts store common words as bitsets: the browser must read both forms."""
    from bantin.site.search_index import Facets, Record, build

    records = [Record(url=f"tin/{i}/", title=f"Đại hội số {i}", summary="", body="hiếm" if i % 100 == 0 else "",
                      date="2020-01-01", agency="a", kind="k", year=2020, terms=()) for i in range(700)]
    site = tmp_path / "site"
    build(records, Facets([("a", "A")], [("k", "K")], []), site / "tim-kiem" / "index")
    shutil.copy(ASSETS / "search.js", site / "search.js")
    (site / "index.html").write_text('<meta charset="utf-8"><script id="__config" type="application/json">'
                                         '{"base": "."}</script>'
                                         '<script src="search.js"></script>', encoding="utf-8")
    url, server = serve(site)
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url + "index.html")
        count = "q => window.bantinSearch.match(q).then(r => r.scores.size)"
        assert page.evaluate(count, "dai hoi") == 700  # bitsets
        assert page.evaluate(count, '"Đại hội" hiếm') == 7  # a pair's list intersected with a word's
        assert page.evaluate(count, "đại hiếm") == 0  # not adjacent: no phrase
        apart = "q => window.bantinSearch.match(q).then(r => window.bantinSearch.scattered(r)).then(s => s.size)"
        assert page.evaluate(apart, "Đại hiếm") == 7  # a bitset ("dai") intersected with a list
        assert page.evaluate(count, "số 123") == 1
        context.close()
    finally:
        server.shutdown()


def test_offline_archive_opens_from_disk_with_images_and_navigation(browser, tmp_path):
    import zipfile

    root = copy_sample(tmp_path / "p")
    result = run_bantin(root, "build", "--zip", "ban-tin.zip")
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(root / "ban-tin.zip") as archive:
        archive.extractall(tmp_path / "unzipped")
    post = tmp_path / "unzipped/ban-tin/tin/2020/01/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022.html"
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    page.viewport_name = "desktop"
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(post.as_uri())
    assert page.locator("h1").first.inner_text().startswith("Đại hội Chi bộ Văn phòng")
    page.locator(".bt-gallery").scroll_into_view_if_needed()
    page.wait_for_function("() => [...document.querySelectorAll('.bt-gallery img')].slice(0, 4)"
                           ".every(i => i.complete && i.naturalWidth > 0)")
    shot(page, "offline-post")
    with page.expect_navigation():
        page.locator(".bt-breadcrumb a", has_text="Sở Công Thương").click()
    assert page.url.startswith("file://") and page.url.endswith("/co-quan/so-cong-thuong/index.html")
    assert "Đảng bộ Sở Công Thương" in page.locator("h1").first.inner_text()
    assert errors == []
    context.close()
