"""Where the site is served (site/hosting.py): the `cname` option, the CNAME file, robots.txt, and the
warning when site_url is not at the custom domain."""

from __future__ import annotations

import pytest

from bantin.model.settings import SettingError, check_setting
from bantin.site.hosting import cname_file, domain_mismatch, robots_txt
from factories import make_project
from sitebuild import run_bantin

DOMAIN = "tin.socongthuong.gov.vn"
REFUSED = "cần một tên miền, chỉ phần tên (không có https:// hay dấu /), ví dụ tin.socongthuong.gov.vn, không phải "


@pytest.mark.parametrize("value, kept", [
    ("tin.socongthuong.gov.vn", "tin.socongthuong.gov.vn"),
    ("  TIN.SoCongThuong.gov.vn.  ", "tin.socongthuong.gov.vn"),  # DNS names ignore case; the root's dot
    ("tin.sởcôngthương.vn", "tin.xn--scngthng-53a84oyeu996a.vn"),  # as DNS writes a Vietnamese name
    ("ban-tin.example.org", "ban-tin.example.org"),
    ("", None), (None, None),
])
def test_a_domain_is_kept_as_dns_writes_it(value, kept):
    assert check_setting("cname", value) == kept


@pytest.mark.parametrize("value", ["https://tin.socongthuong.gov.vn/", "tin.socongthuong.gov.vn/", "localhost",
                                   "tin..gov.vn", "-tin.gov.vn", "tin_moi.gov.vn", "tin moi.gov.vn", "10.0.0.1",
                                   "a." + "b" * 64 + ".vn", 5, ["tin.gov.vn"]])
def test_what_is_not_a_domain_is_refused_in_vietnamese(value):
    with pytest.raises(SettingError) as refused:
        check_setting("cname", value)
    assert str(refused.value) == REFUSED + repr(value)


def test_the_cname_file_is_the_domain_on_one_line():
    assert cname_file(DOMAIN).encode("ascii") == b"tin.socongthuong.gov.vn\n"


def test_robots_names_the_sitemap_at_the_custom_domain_when_there_is_one():
    assert robots_txt("https://org.github.io/ban-tin/", None) == (
        "User-agent: *\nAllow: /\n\nSitemap: https://org.github.io/ban-tin/sitemap.xml\n")
    assert robots_txt("https://tin.socongthuong.gov.vn/", DOMAIN) == (
        "User-agent: *\nAllow: /\n\nSitemap: https://tin.socongthuong.gov.vn/sitemap.xml\n")
    assert robots_txt("https://org.github.io/ban-tin/", DOMAIN) == (
        "User-agent: *\nAllow: /\n\nSitemap: https://tin.socongthuong.gov.vn/sitemap.xml\n")


@pytest.mark.parametrize("site_url", ["https://tin.socongthuong.gov.vn/", "https://tin.socongthuong.gov.vn",
                                      "https://TIN.socongthuong.gov.vn/"])
def test_a_site_url_at_the_domain_root_agrees(site_url):
    assert domain_mismatch(site_url, DOMAIN) is None
    assert domain_mismatch(site_url, None) is None


@pytest.mark.parametrize("site_url", ["https://org.github.io/ban-tin/", "http://tin.socongthuong.gov.vn/",
                                      "https://tin.socongthuong.gov.vn/ban-tin/", "https://socongthuong.gov.vn/",
                                      None])
def test_a_site_url_elsewhere_is_warned_about(site_url):
    said = domain_mismatch(site_url, DOMAIN)
    assert said == (f"site_url là '{site_url or ''}' nhưng tên miền riêng (cname) là '{DOMAIN}': địa chỉ trong "
                    f"sitemap, nguồn tin và thẻ canonical sẽ không trỏ về tên miền đó → đặt site_url: "
                    f"https://{DOMAIN}/ (với quy trình GitHub Pages: khai tên miền ở Settings → Pages → Custom "
                    f"domain), hoặc bỏ cname.")


# -- built ----------------------------------------------------------------------------------------------------
POST = "---\ntitle: Hội nghị sơ kết\ndate: 2024-03-05\nagency: so-cong-thuong\nkind: so-ket\n---\n\nNội dung.\n"


def _project(tmp_path, cname: str | None):
    option = f"      per_page: 10\n      cname: {cname}\n" if cname else "      per_page: 10\n"
    return make_project(tmp_path / "p", sample=True, posts={"posts/2024/so-ket.md": POST},
                        config={"      per_page: 10\n": option})


def test_a_build_with_a_domain_writes_cname_and_robots_at_it(tmp_path):
    root = _project(tmp_path, DOMAIN)
    built = run_bantin(root, "build", "--strict", env={"BANTIN_SITE_URL": f"https://{DOMAIN}/"})
    assert built.returncode == 0, built.stderr
    site = root / "site"
    assert (site / "CNAME").read_bytes() == b"tin.socongthuong.gov.vn\n"
    assert (site / "robots.txt").read_bytes() == (
        b"User-agent: *\nAllow: /\n\nSitemap: https://tin.socongthuong.gov.vn/sitemap.xml\n")
    assert "<loc>https://tin.socongthuong.gov.vn/tin/2024/03/" in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_a_build_without_a_domain_has_no_cname_and_robots_at_site_url(tmp_path):
    root = _project(tmp_path, None)
    built = run_bantin(root, "build", "--strict", env={"BANTIN_SITE_URL": "https://org.github.io/ban-tin/"})
    assert built.returncode == 0, built.stderr
    assert not (root / "site" / "CNAME").exists()
    assert (root / "site" / "robots.txt").read_text(encoding="utf-8") == (
        "User-agent: *\nAllow: /\n\nSitemap: https://org.github.io/ban-tin/sitemap.xml\n")


def test_a_site_url_not_at_the_domain_is_a_warning_that_stops_a_strict_build(tmp_path):
    root = _project(tmp_path, DOMAIN)
    env = {"BANTIN_SITE_URL": "https://org.github.io/ban-tin/"}
    lenient = run_bantin(root, "build", env=env)
    assert lenient.returncode == 0, lenient.stderr
    assert f"site_url là 'https://org.github.io/ban-tin/' nhưng tên miền riêng (cname) là '{DOMAIN}'" in lenient.stderr
    assert (root / "site" / "CNAME").read_bytes() == b"tin.socongthuong.gov.vn\n"
    assert run_bantin(root, "build", "--strict", env=env).returncode != 0


def test_an_impossible_domain_stops_the_build_with_one_line(tmp_path):
    root = _project(tmp_path, "https://tin.socongthuong.gov.vn/")
    built = run_bantin(root, "build")
    assert built.returncode == 1
    assert built.stderr.splitlines()[0] == (
        "LỖI       - mkdocs.yml, plugin 'bantin', mục 'cname': " + REFUSED + "'https://tin.socongthuong.gov.vn/'")
    assert not (root / "site").exists()
