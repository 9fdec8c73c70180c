"""sitemap.xml: every URL with its true date or none, never the day of the build (issue 17 §2)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin
from xml.etree import ElementTree

import pytest

from bantin.site.pages import sitemap_date
from factories import edit
from sitebuild import copy_sample, run_bantin, soup

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE_URL = "https://example.github.io/bantin/"
W3C_DATE = re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")
# `bantin build` on another day, with no SOURCE_DATE_EPOCH: MkDocs' clock moved to 2031-05-05.
ON_ANOTHER_DAY = ("import datetime as dt, sys, mkdocs.utils, mkdocs.structure.pages as pages\n"
                  "moment = dt.datetime(2031, 5, 5, 12, tzinfo=dt.timezone.utc)\n"
                  "mkdocs.utils.get_build_datetime = lambda: moment\n"
                  "pages.get_build_date = mkdocs.utils.get_build_date = lambda: '2031-05-05'\n"
                  "from bantin.cli import main\nsys.argv = ['bantin', 'build']\nsys.exit(main())\n")


def entries(site: Path) -> dict[str, str | None]:
    """{loc: lastmod or None}, after checking what sitemaps.org asks that needs no network."""
    root = ElementTree.fromstring((site / "sitemap.xml").read_bytes())  # well-formed, UTF-8
    assert root.tag == f"{NS}urlset"
    result: dict[str, str | None] = {}
    for url in root:
        assert url.tag == f"{NS}url" and {child.tag for child in url} <= {f"{NS}loc", f"{NS}lastmod"}
        loc = url.findtext(f"{NS}loc")
        assert loc and loc.startswith(SITE_URL) and len(loc) < 2048 and loc not in result
        lastmod = url.findtext(f"{NS}lastmod")
        assert lastmod is None or W3C_DATE.fullmatch(lastmod), lastmod
        result[loc] = lastmod
    assert 0 < len(result) <= 50_000
    return result


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    root = copy_sample(tmp_path_factory.mktemp("sitemap") / "p")
    (root / "docs/lien-he.md").write_text("---\nupdated: 2024-03-05\n---\n\n# Liên hệ\n\nĐịa chỉ.\n", encoding="utf-8")
    (root / "docs/quy-che.md").write_text("---\ndate: 05/04/2021 09:00\n---\n\n# Quy chế\n\nNội dung.\n",
                                          encoding="utf-8")
    result = run_bantin(root, "build", env={"SOURCE_DATE_EPOCH": "2000000000"})  # 2033-05-18
    assert result.returncode == 0, result.stderr
    return root


def test_two_builds_on_different_days_give_the_same_sitemap(sample, tmp_path):
    other = copy_sample(tmp_path / "q")
    for name in ("lien-he.md", "quy-che.md"):
        (other / "docs" / name).write_bytes((sample / "docs" / name).read_bytes())
    result = subprocess.run([sys.executable, "-c", ON_ANOTHER_DAY], cwd=other, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=300)
    assert result.returncode == 0, result.stderr
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        assert (other / "site" / name).read_bytes() == (sample / "site" / name).read_bytes(), name
    text = (sample / "site/sitemap.xml").read_text(encoding="utf-8")
    assert "2033-" not in text and "2031-" not in text


def test_a_post_has_its_date_and_an_index_page_its_newest_posts(sample):
    site = sample / "site"
    dates: dict[str, str] = {}  # post URL → its date, from the post's own JSON-LD
    listed = entries(site)
    for loc in listed:
        if "/tin/" in loc:
            data = json.loads(soup(site / loc[len(SITE_URL):] / "index.html")
                              .select_one('script[type="application/ld+json"]').string)
            dates[loc] = data["datePublished"][:10]
    assert len(dates) == 19 and all(listed[loc] == day for loc, day in dates.items())
    assert listed[SITE_URL] == max(dates.values())
    checked = 0
    for loc, lastmod in listed.items():
        if loc in dates or "/trang/" in loc:
            continue
        page = soup(site / loc[len(SITE_URL):] / "index.html")
        links = {urljoin(loc, a["href"]).split("#")[0] for a in page.select("article a[href], main a[href]")}
        shown = [dates[link] for link in links if link in dates]
        if shown:  # a list of posts: the newest one listed
            assert lastmod == max(shown), loc
            checked += 1
    assert checked > 40
    assert listed[SITE_URL + "co-quan/"] == max(dates.values())  # a listing changes with every post


def test_a_hand_written_page_has_the_date_it_declares_or_none(sample):
    listed = entries(sample / "site")
    assert listed[SITE_URL + "lien-he/"] == "2024-03-05"
    assert listed[SITE_URL + "quy-che/"] == "2021-04-05"
    assert listed[SITE_URL + "gioi-thieu/"] is None  # no date: none (never the build's)
    assert listed[SITE_URL + "tim-kiem/"] is None


def test_a_hand_written_date_that_cannot_be_read_is_said_and_left_out(tmp_path):
    root = copy_sample(tmp_path / "p")
    edit(root / "docs/gioi-thieu.md", "# Giới thiệu", "---\nupdated: 31/02/2024\n---\n\n# Giới thiệu", 1)
    result = run_bantin(root, "build")
    assert result.returncode == 0, result.stderr
    assert ("docs/gioi-thieu.md: trường 'updated': ngày '31/02/2024' không hợp lệ: ngày không có thật trên lịch; "
            "trang không có ngày trong sitemap.xml") in result.stderr
    assert entries(root / "site")[SITE_URL + "gioi-thieu/"] is None


@pytest.mark.parametrize(("meta", "expected"), [
    ({}, ("", "")),
    ({"title": "x"}, ("", "")),
    ({"date": "2021-04-05"}, ("2021-04-05", "")),
    ({"date": "2021-04-05", "updated": "06/05/2022"}, ("2022-05-06", "")),
    ({"updated": "2021-04-05T23:30:00Z"}, ("2021-04-06", "")),  # the day in Hà Nội
])
def test_sitemap_date_of_a_hand_written_page(meta, expected):
    assert sitemap_date(meta) == expected
