#!/usr/bin/env python3
"""Search in the offline archive (issue 18 §5): the index as files and as `.js` wrappers, the zip.

Usage: python scripts/bench_archive_search.py PROJECT [PROJECT …] [--browser]

Each PROJECT is a folder already built with `bantin build --zip` (site/ and site.zip). Prints
the online index (site/tim-kiem/index/: files, bytes, binary and JSON parts), the archive's
wrappers (bytes, and deflated as they sit in the zip), what the original files would add to
the zip were they kept beside the wrappers, and the zip's size. With --browser, unzips the
archive and opens tim-kiem/index.html?q=… from file:// in Chromium (390×844, a fresh context
per query) for three fixed queries: the count shown, the wrapper scripts loaded and their
bytes, the time to the first results.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

INDEX = "tim-kiem/index"
QUERIES = ("dai hoi", "hội nghị sơ kết", "cong doan")


def sizes(project: Path) -> None:
    files = [p for p in (project / "site" / INDEX).rglob("*") if p.is_file()]
    raw = sum(p.stat().st_size for p in files)
    binary = sum(p.stat().st_size for p in files if p.suffix != ".json")
    with zipfile.ZipFile(project / "site.zip") as archive:
        wrappers = [i for i in archive.infolist() if f"/{INDEX}/" in i.filename]
    wrapped = sum(i.file_size for i in wrappers)
    wrapped_binary = sum(i.file_size for i in wrappers if not i.filename.endswith(".json.js"))
    deflated = sum(i.compress_size for i in wrappers)
    # zlib's stream less its 2-byte header and 4-byte checksum: the deflate data a zip entry holds
    kept = sum(len(zlib.compress(p.read_bytes(), 6)) - 6 for p in files)
    total = (project / "site.zip").stat().st_size
    print(f"{project.name}: index {len(files)} files, {raw:,} B (binary {binary:,} B, JSON {raw - binary:,} B); "
          f"wrappers {len(wrappers)} files, {wrapped:,} B (×{wrapped / raw:.2f}; binary ×{wrapped_binary / binary:.2f}, "
          f"JSON ×{(wrapped - wrapped_binary) / (raw - binary):.2f}), {deflated:,} B deflated in the zip; "
          f"the originals would add {kept:,} B deflated; zip {total:,} B ({deflated / total:.1%} of it the index)")


def one_query(browser, site: Path, query: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    loaded: list[str] = []
    problems: list[str] = []
    page.on("request", lambda r: f"/{INDEX}/" in r.url and loaded.append(r.url.split(f"/{INDEX}/")[1]))
    page.on("requestfailed", lambda r: problems.append(f"{r.url} {r.failure}"))
    page.on("pageerror", lambda e: problems.append(str(e)))
    start = time.perf_counter()
    page.goto((site / "tim-kiem/index.html").as_uri() + "?q=" + query.replace(" ", "+"))
    page.wait_for_function("() => /Tìm thấy|Không tìm thấy|Không có bài/.test(document.querySelector('.bt-search-status').innerText)"
                           " && document.querySelectorAll('.bt-result').length > 0")
    elapsed = time.perf_counter() - start
    status = page.locator(".bt-search-status").inner_text()
    size = sum((site / INDEX / name).stat().st_size for name in loaded)
    print(f"  “{query}”: {status} {len(loaded)} scripts, {size:,} B, {elapsed:.2f} s {problems or ''}")
    context.close()


def browse(project: Path) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        with zipfile.ZipFile(project / "site.zip") as archive:
            archive.extractall(tmp)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            for query in QUERIES:
                one_query(browser, Path(tmp) / "site", query)
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("projects", nargs="+", type=Path)
    parser.add_argument("--browser", action="store_true")
    args = parser.parse_args()
    for project in args.projects:
        sizes(project)
        if args.browser:
            browse(project)


if __name__ == "__main__":
    main()
