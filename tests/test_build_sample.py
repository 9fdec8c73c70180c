"""Integration: build the repository's sample site in a temp dir and read its HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import pytest

from bantin.model.text import sort_key
from sitebuild import REPO, copy_sample, page, run_bantin, soup

OWN_HOST = "example.github.io"  # mkdocs.yml's site_url when BANTIN_SITE_URL is not set


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, str]:
    root = copy_sample(tmp_path_factory.mktemp("sample"))
    result = run_bantin(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    return root / "site", result.stderr


def heading(tag) -> str:
    return tag.get_text().replace("¶", "").strip()


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_strict_build_has_no_warning(built):
    _, log = built
    assert "CẢNH BÁO" not in log and "WARNING" not in log
    assert "Đã xây dựng trang vào" in log


def test_every_page_is_vietnamese(built):
    site, _ = built
    for path in html_files(site):
        assert soup(path).html.get("lang") == "vi", path


def test_pages_are_compact_and_posts_carry_only_the_top_navigation(built):
    site, _ = built
    for path in html_files(site):
        text = re.sub(r"<(pre|code|script|style|textarea)\b.*?</\1\s*>", "", path.read_text(encoding="utf-8"),
                      flags=re.S | re.I)
        assert "\n " not in text, path
    post = page(site, "tin/2020/01/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022")
    nav = post.select_one(".md-nav--primary")
    assert {a["href"] for a in nav.select("a")} >= {"../../../../co-quan/", "../../../../nhiem-ky/"}
    assert not nav.select('a[href^="../../../../co-quan/"][href$="/"]:not([href="../../../../co-quan/"])')


def test_home_lists_latest_posts_newest_first(built):
    site, _ = built
    home = soup(site / "index.html")
    # After the featured story and the agencies' blocks, "Tin mới nhất": the paginated list
    cards = home.select(".bt-list article.bt-card")
    assert len(cards) == 10
    dates = [c.find("time")["datetime"] for c in cards]
    assert dates == sorted(dates, reverse=True)
    assert home.select_one("a[href='trang/2/']") is not None
    tabs = [a.get_text(strip=True) for a in home.select(".md-tabs__link")]
    assert tabs[:5] == ["Tin mới", "Cơ quan", "Nhiệm kỳ", "Loại tin", "Lưu trữ"]


def test_agency_page_lists_its_posts_terms_and_units(built):
    site, _ = built
    agency = page(site, "co-quan/so-cong-thuong")
    assert heading(agency.h1) == "Đảng bộ Sở Công Thương"
    cards = agency.select("article.bt-card")
    assert cards and all("Sở Công Thương" in c.select_one(".bt-card-meta").get_text() for c in cards)
    facets = agency.select_one(".bt-facets").get_text(" ", strip=True)
    assert "Nhiệm kỳ đảng bộ:" in facets and "Nhiệm kỳ chi bộ:" in facets and "Đơn vị:" in facets and "Chi bộ Văn phòng" in facets
    for a in agency.select(".bt-facets a"):
        target = urlsplit(urljoin("/co-quan/so-cong-thuong/", a["href"])).path
        assert (site / target.lstrip("/") / "index.html").is_file(), target


def test_agencies_sort_in_vietnamese_order(built):
    site, _ = built
    links = soup(site / "index.html").select(".bt-facets a")
    names = [re.sub(r" \(\d+\)$", "", a.get_text()) for a in links]
    assert names == sorted(names, key=sort_key) and len(names) >= 4
    assert names.index("Đảng bộ Khối") < names.index("Sở Công Thương")  # "Đ" is not after "Z"


def test_post_page(built):
    site, _ = built
    post = page(site, "tin/2020/01/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022")
    assert heading(post.h1).startswith("Đại hội Chi bộ Văn phòng lần thứ nhất")
    meta = post.select_one(".bt-meta")
    assert meta.time.get_text() == "Thứ Năm, 16/01/2020 08:30"
    labels = [a.get_text() for a in meta.select("a")]
    assert labels == ["Sở Công Thương", "Chi bộ Văn phòng", "Nhiệm kỳ 2020-2022", "Đại hội Chi bộ"]
    assert [a.get_text() for a in post.select(".bt-breadcrumb a")] == ["Trang chủ", "Cơ quan", "Sở Công Thương"]
    assert [h.get_text() for h in post.select(".bt-onward h2")][0] == "Tin cùng cơ quan"
    headings = [h["id"] for h in post.select(".md-content h2[id]")]
    assert headings and all(h.isascii() for h in headings)


def test_heading_anchor_keeps_d_stroke_as_d(built):
    site, _ = built
    ids = {h["id"] for path in site.joinpath("tin").rglob("index.html") for h in soup(path).select("h2[id]")}
    assert any(i.startswith("d") and i.split("-")[0] in {"danh", "dinh", "dong", "dat", "dang", "doan", "dua"}
               for i in ids), sorted(ids)


def test_links_written_between_posts_point_to_published_pages(built):
    site, _ = built
    found = 0
    for path in site.joinpath("tin").rglob("index.html"):
        url = "/" + path.parent.relative_to(site).as_posix() + "/"
        for a in soup(path).select(".md-content__inner > p a[href]"):
            href = a["href"]
            if urlsplit(href).scheme or href.startswith("#"):
                continue
            target = urlsplit(urljoin(url, href)).path.lstrip("/")
            assert (site / target / "index.html").is_file() or (site / target).is_file(), (path, href)
            found += 1
    assert found >= 2


def test_drafts_are_not_published(built):
    site, _ = built
    drafts = [p for p in REPO.joinpath("posts").rglob("*.md") if re.search(r"^draft: *true", p.read_text(), re.M)]
    assert drafts
    titles = {heading(soup(p).h1) for p in site.joinpath("tin").rglob("index.html")}
    for draft in drafts:
        title = re.search(r"^title: *(.+)$", draft.read_text(), re.M).group(1).strip().strip('"')
        assert title not in titles


def test_every_url_is_ascii(built):
    site, _ = built
    for path in site.rglob("*"):
        assert path.relative_to(site).as_posix().isascii(), path
    for path in html_files(site):
        for tag in soup(path).find_all(href=True):
            assert tag["href"].isascii(), (path, tag["href"])


SHARERS = ("https://www.facebook.com/sharer/sharer.php?u=", "https://sp.zalo.me/share_to?url=")


def is_share_link(tag, attr: str, value: str, page: Path) -> bool:
    """A post's share link: a link (nothing loaded) to a sharer, carrying the page's own address."""
    own = quote(SITE_URL + page.parent.as_posix() + "/", safe="")
    return (tag.name == "a" and attr == "href" and "bt-tool" in tag.get("class", ())
            and value in {sharer + own for sharer in SHARERS})


def test_no_absolute_url_to_an_outside_host(built):
    site, _ = built
    outside = []
    for path in html_files(site):
        for tag in soup(path).find_all(True):
            for attr in ("href", "src", "srcset", "action", "poster", "data"):
                value = tag.get(attr)
                if value and urlsplit(value).netloc and urlsplit(value).netloc != OWN_HOST \
                        and not is_share_link(tag, attr, value, path.relative_to(site)):
                    outside.append((path.relative_to(site).as_posix(), attr, value))
    for path in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?(https?:)?//([^/'\")]+)", path.read_text(encoding="utf-8")):
            outside.append((path.name, "url()", url[1]))
    assert outside == []
    for path in site.rglob("*"):
        if path.suffix in {".html", ".css", ".js"}:
            assert "fonts.googleapis" not in path.read_text(encoding="utf-8", errors="ignore"), path


def test_404_page_is_vietnamese(built):
    site, _ = built
    assert "Không tìm thấy trang" in soup(site / "404.html").get_text()


def test_material_strings_are_translated(built):
    site, _ = built
    text = (site / "index.html").read_text(encoding="utf-8")
    for english in ("Initializing search", "Back to top", ">Tabs<", "Made with"):
        assert english not in text
    assert "Lên đầu trang" in text


SITE_URL = "https://example.github.io/bantin/"


def local(site: Path, url: str) -> Path:
    """The file in site/ that an absolute URL of the site names."""
    assert url.startswith(SITE_URL), url
    path = url[len(SITE_URL):]
    return site / (path + "index.html" if path.endswith("/") or not path else path)


def test_feeds_of_the_site_agencies_and_terms(built):
    import feedparser

    site, _ = built
    posts = sorted(p.parent for p in site.joinpath("tin").rglob("index.html"))
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse((site / name).read_bytes())
        assert not parsed.bozo and len(parsed.entries) == len(posts) == 19
        assert all(local(site, e.link).is_file() for e in parsed.entries)
        dates = [e.published_parsed for e in parsed.entries]
        assert dates == sorted(dates, reverse=True)
    agency = feedparser.parse((site / "co-quan/cuc-thue/feed.xml").read_bytes())
    assert not agency.bozo and len(agency.entries) == 4
    assert all("Cục Thuế" in [t.term for t in e.tags] for e in agency.entries)
    term = feedparser.parse((site / "nhiem-ky/2020-2025/atom.xml").read_bytes())
    assert not term.bozo and all(any(t.term == "Nhiệm kỳ 2020-2025" for t in e.tags) for e in term.entries)
    with_image = [e for e in feedparser.parse((site / "feed.xml").read_bytes()).entries if e.get("enclosures")]
    assert with_image and all(local(site, e.enclosures[0].href).is_file() for e in with_image)


def test_feeds_are_discoverable(built):
    site, _ = built
    home = [a["href"] for a in soup(site / "index.html").select("link[rel~=alternate]")]
    assert home == ["feed.xml", "atom.xml"]
    agency = [a["href"] for a in page(site, "co-quan/cuc-thue").select("link[rel~=alternate]")]
    assert agency == ["../../feed.xml", "../../atom.xml", "feed.xml", "atom.xml"]
    term = [a["href"] for a in page(site, "nhiem-ky/2020-2025").select("link[rel~=alternate]")]
    assert "feed.xml" in term


def test_social_cards_and_news_article(built):
    import json

    site, _ = built
    post = page(site, "tin/2020/01/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022")
    og = {m["property"]: m["content"] for m in post.select("meta[property]")}
    assert og["og:type"] == "article" and og["og:locale"] == "vi_VN"
    assert og["og:url"] == SITE_URL + "tin/2020/01/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022/"
    assert og["og:image"].endswith("-1280.jpg") and local(site, og["og:image"]).is_file()
    assert og["article:published_time"] == "2020-01-16T08:30:00+07:00"
    assert post.select_one("meta[name='twitter:card']")["content"] == "summary_large_image"
    assert post.select_one("meta[name=description]")["content"] == og["og:description"]
    assert post.select_one("link[rel=canonical]")["href"] == og["og:url"]
    data = json.loads(post.select_one("script[type='application/ld+json']").string)
    assert data["@type"] == "NewsArticle" and data["image"] == [og["og:image"]]
    assert data["datePublished"] == og["article:published_time"] and data["author"]["name"]


def test_sitemap_lists_every_post_with_its_date_and_robots_points_to_it(built):
    import re as regex

    site, _ = built
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    entries = dict(regex.findall(r"<loc>([^<]+)</loc>\s*<lastmod>([^<]+)</lastmod>", sitemap))
    posts = [p.parent.relative_to(site).as_posix() + "/" for p in site.joinpath("tin").rglob("index.html")]
    assert posts and all(SITE_URL + p in entries for p in posts)
    assert entries[SITE_URL + "tin/2020/01/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022/"] == "2020-01-16"
    assert (site / "robots.txt").read_text() == f"User-agent: *\nAllow: /\n\nSitemap: {SITE_URL}sitemap.xml\n"


def broken_links(site: Path) -> tuple[list, int]:
    """Crawl the output: (every href, src and srcset of a page naming no file in site/, how many were checked)."""
    broken, checked = [], 0
    for path in html_files(site):
        here = "/bantin/" + path.relative_to(site).as_posix()
        html = soup(path)
        urls = [(tag.name, tag.get(attr)) for tag in html.find_all(True) for attr in ("href", "src")
                if tag.get(attr)]
        urls += [(tag.name, part.strip().split(" ")[0]) for tag in html.find_all(srcset=True)
                 for part in tag["srcset"].split(",")]
        for name, url in urls:
            parts = urlsplit(urljoin("https://example.github.io" + here, url))
            if parts.netloc != "example.github.io" or parts.scheme not in ("http", "https"):
                continue  # mailto:, data:, javascript: and other hosts are not ours to check
            assert parts.path.startswith("/bantin/"), (path, url)
            target = site / parts.path[len("/bantin/"):]
            if parts.path.endswith("/"):
                target = target / "index.html"
            checked += 1
            if not target.is_file():
                broken.append((path.relative_to(site).as_posix(), name, url))
    return broken, checked


def empty_lists_and_zeros(site: Path) -> tuple[list, list]:
    """(pages listing no post, links whose text ends in "(0)"): places a reader is led to for nothing."""
    empty, zero = [], []
    for path in html_files(site):
        doc = soup(path)
        described = doc.find("meta", attrs={"name": "description"})
        if described and "chưa có bài viết" in described["content"]:
            empty.append(path.relative_to(site).as_posix())
        zero += [(path.relative_to(site).as_posix(), a.get_text(strip=True)) for a in doc.select("a[href]")
                 if a.get_text(strip=True).endswith("(0)")]
    return empty, zero


def test_every_internal_link_resolves_under_the_sub_path(built):
    site, _ = built
    broken, checked = broken_links(site)
    assert broken == [] and checked > 5000


def test_no_empty_list_and_no_link_counted_zero(built):
    site, _ = built
    assert empty_lists_and_zeros(site) == ([], [])


def test_a_kind_and_an_agency_without_posts_have_no_page_and_no_link(tmp_path):
    root = copy_sample(tmp_path)
    registry = (root / "registry.yml").read_text(encoding="utf-8")
    registry = registry.replace("agencies:\n", "agencies:\n  so-xay-dung:\n    name: Đảng bộ Sở Xây dựng\n"
                                "    short: Sở Xây dựng\n    parent: dang-bo-khoi\n"
                                "    units:\n      van-phong: Chi bộ Văn phòng\n\n", 1)
    registry = registry.replace("kinds:\n", "kinds:\n  khen-thuong:\n    name: Khen thưởng\n", 1)
    (root / "registry.yml").write_text(registry, encoding="utf-8")
    result = run_bantin(root, "build", "--strict")
    assert result.returncode == 0, result.stderr
    site = root / "site"
    assert not (site / "loai/khen-thuong").exists() and not (site / "co-quan/so-xay-dung").exists()
    kinds = page(site, "loai/")
    assert "Khen thưởng — 0 bài viết" in kinds.select_one("article").get_text()  # named, not linked
    assert not any("Xây dựng" in a.get_text() or "Khen thưởng" in a.get_text() for a in soup(site / "index.html")
                   .select("a"))
    assert "Sở Xây dựng" not in page(site, "co-quan/").select_one("article").get_text()
    assert broken_links(site)[0] == []
    assert empty_lists_and_zeros(site) == ([], [])


def test_every_post_page_stays_under_30_kb(built):
    """A post's page, its gallery and onward reading included, weighs at most 30 KB of HTML."""
    site, _ = built
    sizes = {path.relative_to(site).as_posix(): path.stat().st_size for path in (site / "tin").rglob("index.html")
             if b'http-equiv="refresh"' not in path.read_bytes()}
    largest = max(sizes, key=sizes.__getitem__)
    assert largest == "tin/2020/01/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022/index.html"
    assert sizes[largest] <= 30 * 1024, sizes[largest]


def test_every_page_has_its_own_title_and_description(built):
    """Search engines show titles and descriptions side by side: none may repeat another page's
    (units of different agencies share names; the second page of a list is not the first)."""
    site, _ = built
    titles: dict[str, list[str]] = {}
    descriptions: dict[str, list[str]] = {}
    pages = 0
    for path in html_files(site):
        doc = soup(path)
        if doc.find("meta", attrs={"http-equiv": "refresh"}) or path.name == "404.html" or "admin" in path.parts:
            continue  # an old address's redirect, the error page, the web editor
        pages += 1
        described = doc.find("meta", attrs={"name": "description"})
        assert described and described["content"].strip(), path
        titles.setdefault(doc.title.get_text(), []).append(str(path.relative_to(site)))
        descriptions.setdefault(described["content"], []).append(str(path.relative_to(site)))
    assert pages > 100
    assert {t: p for t, p in titles.items() if len(p) > 1} == {}
    assert {d: p for d, p in descriptions.items() if len(p) > 1} == {}


def test_unit_and_list_pages_say_what_they_list(built):
    site, _ = built
    doc = soup(site / "co-quan/so-cong-thuong/don-vi/van-phong/index.html")
    assert doc.title.get_text().startswith("Chi bộ Văn phòng – Sở Công Thương")
    description = doc.find("meta", attrs={"name": "description"})["content"]
    assert re.fullmatch(r"Tin của Chi bộ Văn phòng, Đảng bộ Sở Công Thương: \d+ bài viết, "
                        r"mới nhất ngày \d\d/\d\d/\d{4}\.", description), description
    second = soup(site / "trang/2/index.html")
    assert second.title.get_text().startswith("Tin mới – Trang 2")
    assert second.find("meta", attrs={"name": "description"})["content"].endswith(" Trang 2/2.")


def test_every_page_shares_a_picture(built):
    """Pages without a photo (most index pages, posts without photos, hand-written pages) share
    the site's image; each card names its size and what it shows."""
    site, _ = built
    images = set()
    for path in html_files(site):
        doc = soup(path)
        if doc.find("meta", attrs={"http-equiv": "refresh"}) or path.name == "404.html" or "admin" in path.parts:
            continue
        tags = {m["property"]: m["content"] for m in doc.find_all("meta", attrs={"property": re.compile("^og:image")})}
        assert set(tags) == {"og:image", "og:image:width", "og:image:height", "og:image:alt"}, path
        assert tags["og:image"].startswith(f"https://{OWN_HOST}/") and tags["og:image:alt"], path
        assert doc.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image", path
        images.add(tags["og:image"])
        script = doc.find("script", attrs={"type": "application/ld+json"})
        if script is not None:
            assert json.loads(script.string)["image"] == [tags["og:image"]], path
    default = [url for url in images if "/assets/bantin/chia-se/" in url]
    assert len(default) == 1 and len(images) > 1  # the site's image, and posts' own photos
    drawn = site / urlsplit(default[0]).path.removeprefix("/bantin/")
    assert drawn.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
