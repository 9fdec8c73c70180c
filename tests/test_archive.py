"""The offline archive (`bantin build --zip`): every link of every page opens a file from disk."""

from __future__ import annotations

import base64
import json
import zipfile

import pytest
from archive import FOLDER_ALIAS, OLD_URL, REMOVED_URL, archived_sample, broken_from_disk, local_urls, unwrap
from bs4 import BeautifulSoup

from bantin.model import urls
from bantin.site.redirects import gone_page, redirect_page
from factories import make_post


def post(path, slug):
    return make_post(path, title="Tiêu đề", slug=slug)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("archive")
    return archived_sample(tmp / "p", tmp / "unzipped")


def test_every_link_of_every_page_opens_a_file_from_disk(site):
    pages = list(site.rglob("*.html"))
    assert len(pages) > 100
    assert sum(len(local_urls(p.read_text(encoding="utf-8"))) for p in pages) > 5_000  # the crawler sees the links
    assert broken_from_disk(site) == []


@pytest.mark.parametrize("old, file", [
    (OLD_URL + "index.html", "../../../2017/01/dang-uy-khoi-hoc-tap-quan-triet-nghi-quyet-trung-uong-4-khoa-xii.html"),
    (FOLDER_ALIAS + "/index.html", "../../tin/2019/12/dang-bo-khoi-tong-ket-cong-tac-xay-dung-dang-nam-2019.html"),
    ("tin-tuc/hoat-dong-dang/tong-ket-cong-tac-xay-dung-dang-2019.html",
     "../../tin/2019/12/dang-bo-khoi-tong-ket-cong-tac-xay-dung-dang-nam-2019.html"),
])
def test_old_addresses_lead_to_the_posts_file(site, old, file):
    page = BeautifulSoup((site / old).read_text(encoding="utf-8"), "html.parser")
    assert page.select_one("meta[http-equiv=refresh]")["content"] == f"0; url={file}"
    assert page.select_one("p a")["href"] == file
    assert (site / old).parent.joinpath(file).resolve().is_file()


def test_a_removed_posts_page_links_to_the_home_pages_file(site):
    page = BeautifulSoup((site / REMOVED_URL / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.h1.string == "Bài viết đã được gỡ"
    assert page.select_one("a")["href"] == "../../../../index.html"


def test_header_search_and_search_page_from_disk(site):
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one("form.bt-header-search")["action"] == "tim-kiem/index.html"
    assert home.select_one("a.bt-search-icon")["href"] == "tim-kiem/index.html"
    search = BeautifulSoup((site / "tim-kiem/index.html").read_text(encoding="utf-8"), "html.parser")
    assert search.select_one("#bt-search form") is not None  # the real search page, as online
    assert search.select_one(".bt-search-offline") is None
    script = (site / "assets/bantin/search.js").read_text(encoding="utf-8")
    assert '"page": "tim-kiem/index.html"' in script and '"offline": true' in script


def test_every_index_file_is_a_script_with_the_same_content(site):
    online = site.parent.parent / "p/site" / urls.SEARCH_INDEX  # the same build's index, for a server
    files = {p.relative_to(online).as_posix(): p.read_bytes() for p in online.rglob("*") if p.is_file()}
    folder = site / urls.SEARCH_INDEX
    scripts = {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file()}
    assert len(files) > 5 and set(scripts) == {name + ".js" for name in files}  # only scripts: see wrap_for_disk
    for name, data in files.items():
        got, value = unwrap(scripts[name + ".js"])
        assert got == name
        assert value == json.loads(data) if name.endswith(".json") else base64.b64decode(value) == data


def test_what_needs_a_server_is_left_out_and_not_linked(site):
    assert not (site / urls.EDITOR).exists() and not (site / "404.html").exists()
    for page in site.rglob("*.html"):
        assert "admin/" not in " ".join(url for _, url in local_urls(page.read_text(encoding="utf-8"))), page


def test_the_online_site_keeps_folder_addresses(site):
    built = site.parent.parent / "p/site"  # the same build's site/, made for a server
    home = BeautifulSoup((built / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one("form.bt-header-search")["action"] == "tim-kiem/"
    assert (built / "404.html").is_file() and (built / "tim-kiem/index.html").is_file()
    assert (built / urls.SEARCH_INDEX / "manifest.json").is_file()
    assert not list((built / urls.SEARCH_INDEX).rglob("*.js"))  # fetched online: no scripts
    old = BeautifulSoup((built / OLD_URL / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert old.select_one("meta[http-equiv=refresh]")["content"].endswith("-khoa-xii/")
    assert '"offline"' not in (built / "assets/bantin/search.js").read_text(encoding="utf-8")


def test_an_archive_without_site_url_names_no_address_from_the_disks_root(tmp_path):
    site = archived_sample(tmp_path / "p", tmp_path / "unzipped", env={"BANTIN_SITE_URL": ""})
    assert broken_from_disk(site) == []
    old = BeautifulSoup((site / OLD_URL / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert old.select_one("link[rel=canonical]") is None


@pytest.mark.parametrize("old, expected", [
    ("tin-tuc/x/cu.html", "../../tin/2020/01/a.html"),
    ("tin/2019/01/cu/", "../../../2020/01/a.html"),
    ("cu/", "../tin/2020/01/a.html"),
    ("cu.html", "tin/2020/01/a.html"),
])
def test_redirect_page_without_directory_urls_names_the_file(old, expected):
    html = redirect_page(old, post("posts/a.md", "a"), "https://x.example/bantin/", directory_urls=False)
    page = BeautifulSoup(html, "html.parser")
    assert page.select_one("meta[http-equiv=refresh]")["content"] == f"0; url={expected}"
    assert page.select_one("p a")["href"] == expected
    assert page.select_one("link[rel=canonical]")["href"] == "https://x.example/bantin/tin/2020/01/a/"
    assert redirect_page(old, post("posts/a.md", "a"), "https://x.example/bantin/") != html  # online: folders


@pytest.mark.parametrize("url, home", [
    ("tin/2016/05/x/", "../../../../index.html"), ("x.html", "index.html"), ("a/x.html", "../index.html"),
])
def test_gone_page_without_directory_urls_names_the_home_pages_file(url, home):
    assert f'<a href="{home}">' in gone_page(url, directory_urls=False)
    assert f'<a href="{home.removesuffix("index.html") or "./"}">' in gone_page(url)


def test_browser_scheme_of_the_archive():
    assert urls.browser() == {"page": "tim-kiem/", "index": "tim-kiem/index/", "params": urls.SEARCH_PARAMS}
    assert urls.browser(False) == {"page": "tim-kiem/index.html", "index": "tim-kiem/index/",
                                   "params": urls.SEARCH_PARAMS, "offline": True}


def test_archive_lists_no_404_page_and_no_editor(site):
    with zipfile.ZipFile(site.parent.parent / "p/ban-tin.zip") as archive:
        names = archive.namelist()
    assert "ban-tin/index.html" in names
    assert not [n for n in names if n == "ban-tin/404.html" or n.startswith("ban-tin/" + urls.EDITOR)]
