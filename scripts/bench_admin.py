#!/usr/bin/env python3
"""Measure the web editor at /admin/ (Sveltia CMS, bundled by `make admin`) in Debian's Chromium.

Usage: python scripts/bench_admin.py [--repeat 5]

Builds the sample site as the Pages workflow does (with a GitHub repository, so /admin/config.yml
is the real one) in a temporary folder, serves it on 127.0.0.1 under /bantin/ with gzip as GitHub
Pages serves it (tests/browsing.py), and prints, as Markdown:

- the bundle's size (bantin/site/admin/: raw and gzip -9);
- navigation → the sign-in screen with the real configuration (GitHub backend, token sign-in);
- navigation → the collection list with the same configuration on the test backend (the sign-in
  click included): the editor's first screen;
- each as the median and range of the repeats, every visit in a fresh browser context (a first
  visit: nothing cached), after one visit that is not counted (the machine's file cache);
- the requests made, the bytes over the wire, and every request that left loopback (the browser
  resolves no host name but 127.0.0.1, so one would fail rather than leave).

With admin/node_modules present, it also lists the CMS's English strings (keys missing from its
Vietnamese catalogue) seen on the screens tests/test_admin.py visited (test-artifacts/admin/*.json).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from test_admin import (  # noqa: E402
    ADMIN,
    ARTIFACTS,
    CONFIG_ROUTE,
    OFFLINE_ARGS,
    build_sample,
    serve_site,
    with_test_backend,
)

from browsing import CHROMIUM  # noqa: E402

TOKEN = "Đăng nhập bằng mã truy cập"
TEST_REPO = "Làm việc với kho mã nguồn thử nghiệm"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def bundle_sizes() -> tuple[int, int, int]:
    raw = gz = count = 0
    for path in ADMIN.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            raw += len(data)
            gz += len(gzip.compress(data, 9))
            count += 1
    return raw, gz, count


def one_visit(browser, url: str, config: str | None) -> dict:
    """One first visit: to the sign-in screen (real configuration), or through it to the list."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900})
    if config is not None:
        context.route(CONFIG_ROUTE, lambda route: route.fulfill(status=200, body=config, content_type="text/yaml"))
    # GitHub's status page, which the GitHub backend's sign-in screen asks: answered on this machine.
    context.route("https://www.githubstatus.com/**",
                  lambda route: route.fulfill(status=200, json={"status": {"indicator": "none"}}))
    page = context.new_page()
    requests, asked = [], []
    context.on("request", lambda r: asked.append(r.url))
    context.on("requestfinished", lambda r: requests.append(r))
    start = time.perf_counter()
    page.goto(url)
    page.get_by_role("button", name=TEST_REPO if config else TOKEN).wait_for()
    elapsed = {"sign_in": time.perf_counter() - start}
    if config:
        page.get_by_role("button", name=TEST_REPO).click()
        page.get_by_text("Chưa có bài viết nào trong chuyên mục này.").wait_for()
        elapsed["list"] = time.perf_counter() - start
    page.wait_for_timeout(300)  # late font or chunk requests
    sizes = [r.sizes() for r in requests if not urlsplit(r.url).scheme == "blob"]
    context.close()
    return {
        **elapsed, "requests": [r.url for r in requests],
        "transferred": sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes),
        "outside": [u for u in asked if urlsplit(u).scheme not in ("blob", "data")
                    and urlsplit(u).hostname not in LOOPBACK],
    }


def untranslated() -> list[tuple[str, str]]:
    """(key, English string) for strings of the CMS missing from vi.json, seen by the tests."""
    locales = REPO / "admin" / "node_modules" / "@sveltia" / "cms" / "locales"
    logs = sorted(ARTIFACTS.glob("*.json"))
    if not (locales / "vi.json").is_file() or not logs:
        return []

    def flat(tree, prefix=""):
        for key, value in tree.items():
            if isinstance(value, dict):
                yield from flat(value, prefix + key + ".")
            else:
                yield prefix + key, value

    en = dict(flat(json.loads((locales / "en-US.json").read_text(encoding="utf-8"))))
    vi = dict(flat(json.loads((locales / "vi.json").read_text(encoding="utf-8"))))
    seen = set()
    for log in logs:
        data = json.loads(log.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "ui_strings" in data:
            seen |= {s for strings in data["ui_strings"].values() for s in strings}
    return sorted((k, v) for k, v in en.items() if k not in vi and "{" not in v and v in seen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    raw, gz, count = bundle_sizes()
    with tempfile.TemporaryDirectory() as tmp:
        project = build_sample(Path(tmp) / "project")
        test_backend = with_test_backend(project)
        url, server = serve_site(project / "site")
        url += "admin/"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=OFFLINE_ARGS)
            one_visit(browser, url, test_backend)  # warm the OS file cache; not counted
            real = [one_visit(browser, url, None) for _ in range(args.repeat)]
            listed = [one_visit(browser, url, test_backend) for _ in range(args.repeat)]
            browser.close()
        server.shutdown()

    def ms(visits, key):
        values = [v[key] * 1000 for v in visits]
        return f"{statistics.median(values):.0f} ms ({min(values):.0f}–{max(values):.0f})"

    def outside(visits):
        hosts = sorted({urlsplit(u).hostname for v in visits for u in v["outside"]})
        return f"{sum(len(v['outside']) for v in visits)} in {len(visits)} visits" + (f" ({', '.join(hosts)})" if hosts else "")

    first = listed[0]
    print(f"| bundle (bantin/site/admin/) | {count} files, {raw / 1e6:.2f} MB raw, {gz / 1e6:.2f} MB gzip -9 |")
    print("| --- | --- |")
    print(f"| navigation → sign-in screen (real configuration: GitHub, token) | {ms(real, 'sign_in')} |")
    print(f"| navigation → collection list (test backend, sign-in click included) | {ms(listed, 'list')} |")
    print(f"| requests to the collection list | {len(first['requests'])}, "
          f"{first['transferred'] / 1e6:.2f} MB over the wire (gzip) |")
    print(f"| requests to another host, sign-in screen with the GitHub backend (GitHub's status, "
          f"answered here by the script) | {outside(real)} |")
    print(f"| requests that left loopback, to the collection list (test backend) | {outside(listed)} |")
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
