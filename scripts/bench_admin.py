#!/usr/bin/env python3
"""Measure the web editor's bundle (bantin/site/admin/, built by `make admin`) in Debian's Chromium.

Usage: python scripts/bench_admin.py [--repeat 5]

Prints, as Markdown: the bundle's size (raw and gzip, and what the first screens download), the
time from navigation to the sign-in screen and to the collection list after "Làm việc với kho mã
nguồn thử nghiệm" (median and range of the repeats, each in a fresh browser context, as a first
visit), the requests made and whether any left loopback. The site is served on 127.0.0.1 with
gzip as GitHub Pages serves it (tests/browsing.py). With admin/node_modules present it also lists
the CMS's English strings (keys missing from its Vietnamese catalogue) seen on the screens that
tests/test_admin.py visited (test-artifacts/admin-spike/desktop-vi.json).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from test_admin import ADMIN, ARTIFACTS, OFFLINE_ARGS, serve_admin  # noqa: E402

from browsing import CHROMIUM  # noqa: E402

SIGN_IN = "Làm việc với kho mã nguồn thử nghiệm"
EMPTY_LIST = "Chưa có bài viết nào trong chuyên mục này."


def bundle_sizes() -> tuple[int, int, int]:
    raw = gz = count = 0
    for path in ADMIN.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            raw += len(data)
            gz += len(gzip.compress(data, 9))
            count += 1
    return raw, gz, count


def one_visit(browser, url: str) -> dict:
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    requests = []
    context.on("requestfinished", lambda r: requests.append(r))
    start = time.perf_counter()
    page.goto(url)
    page.get_by_role("button", name=SIGN_IN).wait_for()
    sign_in = time.perf_counter() - start
    click = time.perf_counter()
    page.get_by_role("button", name=SIGN_IN).click()
    page.get_by_text(EMPTY_LIST).wait_for()
    listed = time.perf_counter() - click
    page.wait_for_timeout(300)  # late font or chunk requests
    sizes = [r.sizes() for r in requests]
    urls = [r.url for r in requests]
    context.close()
    return {
        "sign_in": sign_in, "list": listed, "total": sign_in + listed, "requests": urls,
        "transferred": sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes),
        "outside": [u for u in urls if urlsplit(u).scheme not in ("blob", "data")
                    and urlsplit(u).hostname not in ("127.0.0.1", "localhost", "::1")],
    }


def untranslated() -> list[tuple[str, str]]:
    """(key, English string) for strings of the CMS missing from vi.json, seen by the test."""
    locales = REPO / "admin" / "node_modules" / "@sveltia" / "cms" / "locales"
    log = ARTIFACTS / "desktop-vi.json"
    if not (locales / "vi.json").is_file() or not log.is_file():
        return []

    def flat(tree, prefix=""):
        for key, value in tree.items():
            if isinstance(value, dict):
                yield from flat(value, prefix + key + ".")
            else:
                yield prefix + key, value

    en = dict(flat(json.loads((locales / "en-US.json").read_text(encoding="utf-8"))))
    vi = dict(flat(json.loads((locales / "vi.json").read_text(encoding="utf-8"))))
    seen = {s for strings in json.loads(log.read_text(encoding="utf-8"))["ui_strings"].values() for s in strings}
    return sorted((k, v) for k, v in en.items() if k not in vi and "{" not in v and v in seen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    raw, gz, count = bundle_sizes()
    url, server = serve_admin()
    visits = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=OFFLINE_ARGS)
        one_visit(browser, url)  # warm the OS file cache; not counted
        for _ in range(args.repeat):
            visits.append(one_visit(browser, url))
        browser.close()
    server.shutdown()

    def ms(key):
        values = [v[key] * 1000 for v in visits]
        return f"{statistics.median(values):.0f} ms ({min(values):.0f}–{max(values):.0f})"

    first = visits[0]
    print(f"| bundle (bantin/site/admin/) | {count} files, {raw / 1e6:.2f} MB raw, {gz / 1e6:.2f} MB gzip -9 |")
    print(f"| navigation → sign-in screen | {ms('sign_in')} |")
    print(f"| sign-in click → collection list | {ms('list')} |")
    print(f"| navigation → collection list | {ms('total')} |")
    print(f"| requests to the collection list | {len(first['requests'])} "
          f"({sum(u.startswith('blob:') for u in first['requests'])} blob:), "
          f"{first['transferred'] / 1e6:.2f} MB over the wire (gzip) |")
    print(f"| requests that left loopback | {sum(len(v['outside']) for v in visits)} in {len(visits)} visits |")
    print()
    for u in first["requests"]:
        print("-", u.split("/bantin/", 1)[-1] if "/bantin/" in u else u)
    missing = untranslated()
    if missing:
        print("\nEnglish strings seen (keys missing from vi.json):")
        for key, text in missing:
            print(f"- `{key}`: {text}")


if __name__ == "__main__":
    main()
