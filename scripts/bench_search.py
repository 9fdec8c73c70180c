#!/usr/bin/env python3
"""Search benchmark: index size and time, and the bytes a reader downloads per query.

Usage: python scripts/bench_search.py [--sizes 1000,10000]

For each size N: generates N synthetic posts (scripts/make_corpus.py), measures indexing
(load and validate the posts, then write the index) in a fresh process with its peak RSS,
builds the site, serves it on 127.0.0.1 and opens /tim-kiem/?q=… in Chromium for three
fixed queries (a fresh browser context each, so nothing is cached) summing the bytes of
search.js and every index file fetched. Beside it, the size of Material's search_index.json
for the same corpus (the same site built with Material's search plugin instead).

--relevance (issue 18): for the sample site (posts/, judged in tests/fixtures/search/judgments.yml)
and a --relevance synthetic corpus of --relevance-posts posts (judged as it is generated), runs
every judged query through the search: the real search.js in Chromium, /tim-kiem/?q=… on the
built site; the shown count is the page's "Tìm thấy N", the ranking is the page's own
(window.bantinSearch.match, ordered as the page orders by relevance, its first 10 checked
against the list shown). Prints precision of the first 10 results, recall, and how often the
shown count equals the number of relevant posts, per query set and kind. --sizes '' skips the
byte figures.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import make  # noqa: E402

TYPING_MS = 120  # search.js's TYPING
QUERIES = ["dai hoi", "hội nghị sơ kết", "cong doan", "đại hội chi bộ"]
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


@contextlib.contextmanager
def served_browser(site: Path):
    """`site` served on 127.0.0.1 and Debian's Chromium: yields (the site's base URL, the browser)."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            try:
                yield f"http://127.0.0.1:{server.server_address[1]}/", browser
            finally:
                browser.close()
    finally:
        server.shutdown()


def query_bytes(site: Path, queries: list[str]) -> dict[str, tuple[int, int]]:
    found = {}
    with served_browser(site) as (base, browser):
        for query in queries:
            context = browser.new_context()
            page = context.new_page()
            page.goto(base + "tim-kiem/?q=" + query.replace(" ", "+"))
            page.wait_for_function("() => /Tìm thấy|Không tìm thấy|Không có bài/.test("
                                   "document.querySelector('.bt-search-status').innerText)", timeout=60_000)
            page.wait_for_load_state("networkidle")
            entries = page.evaluate("""() => performance.getEntriesByType('resource')
                .filter(e => e.name.includes('/tim-kiem/index/') || e.name.endsWith('/search.js'))
                .map(e => e.encodedBodySize)""")
            count = page.locator(".bt-search-status").inner_text()
            found[query] = (sum(entries), len(entries), count)
            context.close()
    return found


RANKED = """async (q) => {
  const r = await window.bantinSearch.match(q);
  if (!r) return [];
  const ids = Array.from(r.scores.entries()).sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(p => p[0]);
  const chunks = {};
  const urls = [];
  for (const id of ids) {
    const c = Math.floor(id / r.m.chunk);
    if (!chunks[c]) chunks[c] = await (await fetch('../tim-kiem/index/d/' + c + '.json')).json();
    urls.push(chunks[c][id % r.m.chunk][0]);
  }
  return urls;
}"""


def run_queries(site: Path, queries: list[str]) -> dict[str, tuple[int, list[str], list[str]]]:
    """query → (the shown count, every result's URL in relevance order, the URLs of the list shown)."""
    import re

    out = {}
    with served_browser(site) as (base, browser):
        page = browser.new_page()
        for query in queries:
            page.goto(base + "tim-kiem/?q=" + urllib.parse.quote_plus(query))
            page.wait_for_function("() => /Tìm thấy|Không tìm thấy|Không có bài/.test("
                                   "document.querySelector('.bt-search-status').innerText)", timeout=60_000)
            status = page.locator(".bt-search-status").inner_text()
            found = re.search(r"Tìm thấy ([\d.]+)", status)
            count = int(found.group(1).replace(".", "")) if found else 0
            if count:
                page.wait_for_function("() => document.querySelectorAll('.bt-result').length > 0")
            shown = [urllib.parse.urlsplit(h).path.removeprefix("/") for h in page.eval_on_selector_all(
                ".bt-search-results .bt-result > a", "els => els.map(e => e.href)")]
            out[query] = (count, page.evaluate(RANKED, query), shown)
    return out


LATENCY = """(q) => new Promise(resolve => {
  const input = document.getElementById('bt-q'), status = document.querySelector('.bt-search-status');
  const start = performance.now();
  const seen = new MutationObserver(() => {
    const text = status.textContent;
    if (/Tìm thấy/.test(text) ? document.querySelector('.bt-search-results .bt-result') : /Không/.test(text)) {
      seen.disconnect();
      resolve(performance.now() - start);
    }
  });
  seen.observe(document.getElementById('bt-search'), {childList: true, subtree: true, characterData: true});
  input.value = q;
  input.dispatchEvent(new Event('input'));
})"""


def typing_latency(site: Path, queries: list[str], rounds: int = 5) -> tuple[float, float]:
    """Median ms from a query typed on the search page to its first results shown (the as-you-type
    delay included): (a fresh page, where the query is the first; the same page, index files cached)."""
    import statistics

    first, warm = [], []
    with served_browser(site) as (base, browser):
        for _ in range(rounds):
            context = browser.new_context()
            page = context.new_page()
            page.goto(base + "tim-kiem/")
            page.wait_for_function("() => /Gõ từ khóa/.test(document.querySelector('.bt-search-status').innerText)")
            for n, query in enumerate(queries):
                (first if n == 0 else warm).append(page.evaluate(LATENCY, query))
            context.close()
    return statistics.median(first), statistics.median(warm)


def relevance(root: Path, judgments: list[dict]) -> list[tuple[dict, float, float, bool, int]]:
    """Build `root`, run its judged queries; per query (entry, precision@10, recall, count == relevant, count)."""
    from bantin.model.project import Options, load_project

    run([sys.executable, "-m", "bantin", "build", "-d", "site-bench"], root)
    url_of = {post.path: post.url for post in load_project(Options(root)).index.posts}
    measured = run_queries(root / "site-bench", [q["query"] for q in judgments])
    rows = []
    for q in judgments:
        count, ranked, shown = measured[q["query"]]
        assert ranked[:len(shown)] == shown, (q["query"], ranked[:10], shown)  # the page's own order
        relevant = {url_of[path] for path in q["relevant"]}
        top = ranked[:10]
        precision = sum(u in relevant for u in top) / len(top) if top else float(not relevant)
        recall = sum(u in relevant for u in ranked) / len(relevant) if relevant else float(not ranked)
        rows.append((q, precision, recall, count == len(relevant), count))
    return rows


def relevance_table(name: str, rows: list) -> None:
    print(f"\n{name}: {len(rows)} queries\n")
    print("| queries | n | precision@10 | recall | count = relevant |")
    print("|---|---:|---:|---:|---:|")
    groups: dict[str, list] = {"all": rows}
    for row in rows:
        groups.setdefault(row[0]["kind"], []).append(row)
    for kind, items in groups.items():
        n = len(items)
        print(f"| {kind} | {n} | {sum(r[1] for r in items) / n:.2f} | {sum(r[2] for r in items) / n:.2f} "
              f"| {sum(r[3] for r in items)}/{n} |")
    print("\n| query | kind | relevant | shown count | precision@10 | recall |")
    print("|---|---|---:|---:|---:|---:|")
    for q, precision, recall, _, count in rows:
        print(f"| {q['query']} | {q['kind']} | {len(q['relevant'])} | {count} | {precision:.2f} | {recall:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--relevance", action="store_true", help="precision, recall, counts of judged queries")
    parser.add_argument("--relevance-posts", type=int, default=300)
    args = parser.parse_args()
    if args.relevance:
        from search_judgments import REPO, load

        with tempfile.TemporaryDirectory() as tmp:
            sample = Path(tmp) / "sample"
            sample.mkdir()
            for name in ("mkdocs.yml", "registry.yml", "posts", "docs", "images"):
                source = REPO / name
                if source.is_dir():
                    shutil.copytree(source, sample / name)
                elif source.exists():
                    shutil.copy(source, sample / name)
            relevance_table("Sample site (posts/)", relevance(sample, load()["queries"]))
            cold, warm = typing_latency(sample / "site-bench", ["đại hội chi bộ", "so ket", "SCT", "cong doan",
                                                                "dai hio", "hội nghị"])
            print(f"\nTyping to results on the search page (sample site, median of 5, the {TYPING_MS} ms "
                  f"as-you-type delay included): first query {cold:.0f} ms, later queries {warm:.0f} ms")
            corpus = make(Path(tmp) / "corpus", args.relevance_posts, relevance=True)
            judged = yaml.safe_load((corpus / "judgments.yml").read_text(encoding="utf-8"))["queries"]
            relevance_table(f"Synthetic --relevance corpus ({args.relevance_posts} posts, seed 1)",
                            relevance(corpus, judged))
        if not args.sizes:
            return
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
