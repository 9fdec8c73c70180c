#!/usr/bin/env python3
"""Search benchmark: index size and time, and the bytes a reader downloads per query.

Usage: python scripts/bench_search.py [--sizes 1000,10000]

For each size N: generates N synthetic posts (scripts/make_corpus.py), measures indexing
(load and validate the posts, then write the index) in a fresh process with its peak RSS,
builds the site, serves it on 127.0.0.1 and opens /tim-kiem/?q=… in Chromium for three
fixed queries (a fresh browser context each, so nothing is cached) summing the bytes of
search.js and every index file fetched. Beside it, the size of Material's search_index.json
for the same corpus (the same site built with Material's search plugin instead).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import make  # noqa: E402

QUERIES = ["dai hoi", "hội nghị sơ kết", "cong doan"]
INDEX_CODE = """
import resource, sys, time
from pathlib import Path
from bantin.model.project import Options, load_project
from bantin.site import search
start = time.perf_counter()
project = load_project(Options(Path(sys.argv[1])))
loaded = time.perf_counter()
out = Path(sys.argv[2]); out.mkdir(parents=True, exist_ok=True)
search.build_project(project, out)
done = time.perf_counter()
print(loaded - start, done - loaded, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def run(cmd: list[str], cwd: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(result.stderr[-3000:])
    return time.perf_counter() - start


def folder_bytes(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def query_bytes(site: Path, queries: list[str]) -> dict[str, tuple[int, int]]:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    found = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            for query in queries:
                context = browser.new_context()
                page = context.new_page()
                page.goto(base + "tim-kiem/?q=" + query.replace(" ", "+"))
                page.wait_for_function("() => /Tìm thấy|Không tìm thấy/.test("
                                       "document.querySelector('.bt-search-status').innerText)", timeout=60_000)
                page.wait_for_load_state("networkidle")
                entries = page.evaluate("""() => performance.getEntriesByType('resource')
                    .filter(e => e.name.includes('/tim-kiem/index/') || e.name.endsWith('/search.js'))
                    .map(e => e.encodedBodySize)""")
                count = page.locator(".bt-search-status").inner_text()
                found[query] = (sum(entries), len(entries), count)
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            root = make(Path(tmp) / f"corpus-{n}", n)
            out = subprocess.run([sys.executable, "-c", INDEX_CODE, str(root), str(Path(tmp) / f"index-{n}")],
                                 capture_output=True, text=True, check=True).stdout.split()
            load_s, index_s, rss_kib = float(out[0]), float(out[1]), int(out[2])
            files, size = folder_bytes(Path(tmp) / f"index-{n}")
            build_s = run([sys.executable, "-m", "bantin", "build"], root)
            measured = query_bytes(root / "site", QUERIES)
            # The same corpus with Material's search plugin, for its search_index.json.
            config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
            config["plugins"] = ["search", {"bantin": {"search": False}}, "glightbox"]
            (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
            run([sys.executable, "-m", "bantin", "build", "-d", "site-material"], root)
            material = (root / "site-material" / "search" / "search_index.json").stat().st_size
            rows.append((n, load_s, index_s, rss_kib, files, size, build_s, measured, material))
            print(f"done {n}", file=sys.stderr)
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"Chromium {subprocess.run(['chromium', '--version'], capture_output=True, text=True).stdout.strip()}.\n")
    print("| posts | load + validate | index | peak RSS (load + index) | index files | index size "
          "| Material's search_index.json | full build |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, load_s, index_s, rss, files, size, build_s, _, material in rows:
        print(f"| {n:,} | {load_s:.1f} s | {index_s:.1f} s | {rss / 1024:.0f} MiB | {files:,} | {size / 1e6:.1f} MB "
              f"| {material / 1e6:.1f} MB | {build_s:.0f} s |")
    print("\nBytes downloaded for the first results (search.js + manifest + facets + shards + result chunks):\n")
    print("| posts | " + " | ".join(f"“{q}”" for q in QUERIES) + " |")
    print("|---:|" + "---:|" * len(QUERIES))
    for n, *_, measured, _ in rows:
        print(f"| {n:,} | " + " | ".join(
            f"{measured[q][0] / 1000:.0f} KB ({measured[q][1]} files; {measured[q][2]})" for q in QUERIES) + " |")


if __name__ == "__main__":
    main()
