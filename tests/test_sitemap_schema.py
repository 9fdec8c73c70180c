"""The sample site's sitemap.xml is valid against the sitemaps.org schema (sitemap.xsd 0.9, vendored in
tests/fixtures/sitemaps/ with its source and licence), checked by xmlschema (pure Python, pinned in the
test extra; no network: the schema and XSD's own meta-schemas are local); sitemap.xml.gz is the same
file compressed, and there is no sitemap index (bantin writes one sitemap): issue 17, "Done means".

One build; the validator's errors, if any, are left in test-artifacts/sitemap/report.json."""

from __future__ import annotations

import gzip
from pathlib import Path
from xml.etree import ElementTree

import xmlschema

from sitebuild import FIXTURES_DIR, REPO, build_sample, save_report

SCHEMA = FIXTURES_DIR / "sitemaps" / "sitemap.xsd"
REPORT = REPO / "test-artifacts" / "sitemap" / "report.json"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_schema() -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(str(SCHEMA), allow="local")  # local files only: never the network


def check_sitemaps(site: Path) -> dict:
    """What the schema says of every sitemap in `site`: {"files": {name: [error, ...]}, "urls": n,
    "gz_matches": bool, "indexes": [name, ...]} (shared with scripts/validate_site.py)."""
    schema = sitemap_schema()
    files: dict[str, list[str]] = {}
    urls = 0
    indexes = []
    for path in sorted(site.glob("sitemap*.xml")):
        name = path.relative_to(site).as_posix()
        root = ElementTree.fromstring(path.read_bytes())
        if root.tag == f"{SITEMAP_NS}sitemapindex":
            indexes.append(name)
            continue
        files[name] = [f"{error.path}: {error.reason}" for error in schema.iter_errors(str(path))]
        urls += sum(1 for child in root if child.tag == f"{SITEMAP_NS}url")
    gz = site / "sitemap.xml.gz"
    gz_matches = gz.is_file() and gzip.decompress(gz.read_bytes()) == (site / "sitemap.xml").read_bytes()
    return {"files": files, "urls": urls, "gz_matches": gz_matches, "indexes": indexes}


def test_the_schema_catches_what_it_should():
    """A control: the vendored schema is the real one (a bad date, a bad priority, a missing loc fail)."""
    schema = sitemap_schema()
    head = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    assert schema.is_valid(head + "<url><loc>https://x.example/a/</loc><lastmod>2020-01-16</lastmod></url></urlset>")
    for bad in ("<url><loc>https://x.example/a/</loc><lastmod>16/01/2020</lastmod></url>",
                "<url><loc>https://x.example/a/</loc><priority>2</priority></url>",
                "<url><lastmod>2020-01-16</lastmod></url>",
                "<url><loc>https://x.example/a/</loc><changefreq>often</changefreq></url>"):
        assert not schema.is_valid(head + bad + "</urlset>"), bad


def test_the_sitemap_is_valid_against_the_sitemaps_org_schema(tmp_path):
    site = build_sample(tmp_path)
    report = check_sitemaps(site)
    save_report(REPORT, report)
    assert list(report["files"]) == ["sitemap.xml"], report["files"]
    errors = [f"{name}: {error}" for name, found in report["files"].items() for error in found]
    assert not errors, f"{len(errors)} schema errors (report: {REPORT}):\n" + "\n".join(errors[:50])
    assert not report["indexes"], "a sitemap index appeared: vendor siteindex.xsd (tests/fixtures/sitemaps/README.md)"
    assert report["gz_matches"], "sitemap.xml.gz is missing or is not sitemap.xml compressed"
    assert report["urls"] > 100, report["urls"]
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert [line for line in robots.splitlines() if line.startswith("Sitemap:")] == \
        ["Sitemap: https://example.github.io/bantin/sitemap.xml"]
