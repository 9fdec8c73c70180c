"""Run the three outside validators of issue 17 on a built site and print their counts: the W3C Nu HTML
checker on every page (tests/vnu's jar, with Java; skipped and said so when either is missing), the W3C
feed validator on every feed (vendored, tests/feedvalidator) and the sitemaps.org schema on the sitemap.

    .venv/bin/python scripts/validate_site.py            # builds the sample into a temporary folder
    .venv/bin/python scripts/validate_site.py --site site --site-url https://example.github.io/bantin/

Exit status 1 when any validator reports an error. The figures go into BENCHMARKS.md."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from test_feed_valid import SITE_URL, check_feeds  # noqa: E402
from test_html_valid import VNU  # noqa: E402
from test_sitemap_schema import check_sitemaps  # noqa: E402

from sitebuild import copy_sample, run_bantin  # noqa: E402


def nu(site: Path) -> dict | None:
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        return None
    pages = sorted(site.rglob("*.html"))
    started = time.perf_counter()
    checked = subprocess.run([java, "-jar", str(VNU), "--format", "json", *map(str, pages)],
                             capture_output=True, text=True, timeout=900)
    messages = json.loads(checked.stderr)["messages"]
    return {"pages": len(pages), "seconds": time.perf_counter() - started,
            "errors": sum(m["type"] in ("error", "non-document-error") for m in messages),
            "warnings": sum(m["type"] == "info" and m.get("subType") == "warning" for m in messages),
            "messages": messages}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the sample)")
    parser.add_argument("--site-url", default=SITE_URL, help="the site's public address (for rel=self)")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            started = time.perf_counter()
            project = copy_sample(Path(tmp) / "project")
            result = run_bantin(project, "build", "-d", str(Path(tmp) / "site"))
            if result.returncode:
                print(result.stderr, file=sys.stderr)
                return 2
            site = Path(tmp) / "site"
            print(f"build of the sample: {time.perf_counter() - started:.1f} s")
        failed = False

        started = time.perf_counter()
        html = nu(site)
        if html is None:
            print("Nu HTML checker: not run (needs Java and tests/vnu's jar: make test installs it)")
        else:
            print(f"Nu HTML checker: {html['pages']} pages, {html['errors']} errors, {html['warnings']} warnings, "
                  f"{html['seconds']:.1f} s")
            for m in [m for m in html["messages"] if m["type"] != "info" or m.get("subType") == "warning"][:20]:
                print(f"  {m.get('url', '').partition(str(site) + '/')[2]}:{m.get('lastLine', '?')}: {m['message']}")
            failed |= html["errors"] > 0

        started = time.perf_counter()
        feeds = check_feeds(site, args.site_url)
        count = {kind: sum(len(v[kind]) for v in feeds.values()) for kind in ("errors", "warnings", "info")}
        kinds = {kind: sum(v["type"] == kind for v in feeds.values()) for kind in ("rss", "atom")}
        print(f"W3C feed validator: {len(feeds)} feeds ({kinds['rss']} RSS, {kinds['atom']} Atom), "
              f"{count['errors']} errors, {count['warnings']} warnings, {count['info']} notes, "
              f"{time.perf_counter() - started:.2f} s")
        for name, verdict in feeds.items():
            for line in verdict["errors"] + verdict["warnings"]:
                print(f"  {name}: {line}")
        failed |= count["errors"] > 0

        started = time.perf_counter()
        sitemaps = check_sitemaps(site)
        errors = sum(len(found) for found in sitemaps["files"].values())
        print(f"sitemaps.org schema: {len(sitemaps['files'])} sitemap, {sitemaps['urls']} URLs, {errors} errors, "
              f"{len(sitemaps['indexes'])} index, sitemap.xml.gz {'matches' if sitemaps['gz_matches'] else 'DIFFERS'}, "
              f"{time.perf_counter() - started:.2f} s")
        for name, found in sitemaps["files"].items():
            for error in found[:20]:
                print(f"  {name}: {error}")
        failed |= errors > 0 or not sitemaps["gz_matches"] or bool(sitemaps["indexes"])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
