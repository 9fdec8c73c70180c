#!/usr/bin/env python3
"""Scale benchmark: bantin beside Material's blog plugin and Hugo on the same synthetic corpus.

Usage: python scripts/bench_scale.py [--sizes 1000,3000,10000] [--repeat 3] [--write BENCHMARKS.md]
                                     [--material-max 10000] [--no-hugo]

For each size N, `make_corpus.py` (seed 1, with photos) makes a bantin project; the same posts
are written as a Material blog (categories for agency and term, Material's search, photos as
plain Markdown images) and as a Hugo site (taxonomies agency/term/kind/tag, minimal templates,
10 per page). Every build runs in a fresh process; times are medians of --repeat runs, peak RSS
the largest. bantin is measured:

- cold: no site/, no cache (every photo decoded and resized, search index built);
- cold pages: photo cache kept, no site/ and no search cache (CI with a cached `.cache/`);
- no change: everything kept, `bantin build` again;
- one-post edit: `bantin serve` running, a sentence added to one post: the rebuild MkDocs
  reports (median of 3 edits) and the time from saving to the end of that rebuild.

With --write, the Markdown table replaces the part of BENCHMARKS.md between the
`<!-- scale:begin -->` and `<!-- scale:end -->` markers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import make  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}


def timed(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one command, in a wrapper process of its own."""
    code = ("import resource,subprocess,sys;"
            "r=subprocess.run(sys.argv[1:],capture_output=True,text=True);"
            "sys.stderr.write(r.stdout[-3000:]+r.stderr[-3000:]) if r.returncode else None;"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);sys.exit(r.returncode)")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code, *cmd], cwd=cwd, env=ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd}:\n{result.stderr}")
    return elapsed, int(result.stdout.strip().splitlines()[-1])


def runs(repeat: int, cmd: list[str], cwd: Path, before=None) -> dict:
    results = []
    for _ in range(repeat):
        if before:
            before()
        results.append(timed(cmd, cwd))
    return {"time": statistics.median(t for t, _ in results), "rss": max(r for _, r in results)}


def output(folder: Path) -> tuple[int, int, int]:
    """Files, bytes, and HTML pages in a built site."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files), sum(1 for p in files if p.suffix == ".html")


# -- the same corpus for Material's blog plugin and for Hugo ----------------------------------
def posts_of(root: Path):
    from bantin.model.posts import read_post
    from bantin.model.registry_file import load_registry

    registry = yaml.safe_load((root / "registry.yml").read_text(encoding="utf-8"))
    calendar, _ = load_registry(root / "registry.yml", root)
    for path in sorted((root / "posts").rglob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        if "term" not in meta and calendar is not None:  # make_corpus leaves it to the term calendar
            post, _ = read_post(path, root, calendar)
            meta["term"] = str(post.terms[-1]) if post is not None and post.terms else "?"
        meta["agency_name"] = registry["agencies"][meta["agency"]]["short"]
        kind = registry["kinds"][meta["kind"]]
        meta["kind_name"] = kind["name"] if isinstance(kind, dict) else kind
        photos = [(p["src"].replace("../../", ""), p.get("caption", "")) for p in meta.get("photos") or []]
        yield path.stem, meta, body, photos


def material_site(root: Path, dest: Path) -> Path:
    docs = dest / "docs"
    (docs / "blog" / "posts").mkdir(parents=True, exist_ok=True)
    if (root / "images").is_dir():
        shutil.copytree(root / "images", docs / "images", dirs_exist_ok=True)
    (docs / "index.md").write_text("# Bản tin thử nghiệm\n\n[Tin mới](blog/index.md)\n", encoding="utf-8")
    (docs / "blog" / "index.md").write_text("# Tin mới\n", encoding="utf-8")
    for stem, meta, body, photos in posts_of(root):
        front = {"date": dt.date.fromisoformat(str(meta["date"]).split(" ")[0]),
                 "categories": [meta["agency_name"], f"Nhiệm kỳ {meta['term']}", meta["kind_name"]],
                 "authors": [], "description": meta["summary"]}
        gallery = "".join(f"\n![{caption}](../../images/{src.split('images/', 1)[1]})\n" for src, caption in photos)
        text = ("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n"
                f"# {meta['title']}\n\n{meta['summary']}\n\n<!-- more -->\n\n{body}{gallery}")
        (docs / "blog" / "posts" / f"{stem}.md").write_text(text, encoding="utf-8")
    config = {"site_name": "Bản tin thử nghiệm", "site_url": "https://example.github.io/bantin/",
              "theme": {"name": "material", "language": "vi", "font": False,
                        "features": ["navigation.tabs", "navigation.indexes"]},
              "plugins": ["search", {"blog": {"pagination_per_page": 10, "post_readtime": False}}]}
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


HUGO_LAYOUTS = {
    "_default/baseof.html": """<!doctype html><html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>{{ .Title }} – {{ .Site.Title }}</title>
</head><body><header><a href="{{ "" | relURL }}">{{ .Site.Title }}</a>
<nav>{{ range .Site.Taxonomies.agencies }}<a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ end }}</nav>
</header><main>{{ block "main" . }}{{ end }}</main></body></html>""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time>{{ .Date.Format "02/01/2006" }}</time> {{ range .GetTerms "agencies" }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}
{{ range .GetTerms "terms" }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</p>
{{ .Content }}
<p>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</p></article>{{ end }}""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pages := .Pages }}{{ if .IsHome }}{{ $pages = where .Site.RegularPages "Section" "posts" }}{{ end }}
{{ range (.Paginate $pages).Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p><time>{{ .Date.Format "02/01/2006" }}</time></p><p>{{ .Params.summary }}</p></article>{{ end }}
{{ template "_internal/pagination.html" . }}{{ end }}""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}""",
}


def hugo_site(root: Path, dest: Path) -> Path:
    (dest / "content" / "posts").mkdir(parents=True, exist_ok=True)
    if (root / "images").is_dir():
        shutil.copytree(root / "images", dest / "static" / "images", dirs_exist_ok=True)
    for name, text in HUGO_LAYOUTS.items():
        (dest / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (dest / "layouts" / name).write_text(text, encoding="utf-8")
    (dest / "config.toml").write_text(
        'baseURL = "https://example.github.io/bantin/"\nlanguageCode = "vi"\ntitle = "Bản tin thử nghiệm"\n'
        "paginate = 10\ndisableKinds = [\"RSS\"]\n"
        '[taxonomies]\n  agency = "agencies"\n  term = "terms"\n  kind = "kinds"\n  tag = "tags"\n', encoding="utf-8")
    for stem, meta, body, photos in posts_of(root):
        date = str(meta["date"]).replace(" ", "T") + ":00+07:00"
        front = {"title": meta["title"], "date": date, "agencies": [meta["agency_name"]], "terms": [meta["term"]],
                 "kinds": [meta["kind_name"]], "tags": meta.get("tags", []), "summary": meta["summary"]}
        gallery = "".join(f"\n![{caption}](/images/{src.split('images/', 1)[1]})\n" for src, caption in photos)
        (dest / "content" / "posts" / f"{stem}.md").write_text(
            "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n" + body + gallery,
            encoding="utf-8")
    return dest


# -- bantin serve: one-post edits -----------------------------------------------------------------
def serve_edits(root: Path, edits: int = 3) -> dict:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "bantin", "serve", "-a", f"127.0.0.1:{port}"], cwd=root, env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put((time.perf_counter(), line)) for line in proc.stderr], daemon=True).start()
    built = re.compile(r"Đã tạo các trang trong ([\d.]+) giây")

    def next_build(timeout: float = 900) -> tuple[float, float]:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            try:
                at, line = lines.get(timeout=1)
            except queue.Empty:
                if proc.poll() is not None:
                    raise SystemExit("bantin serve stopped") from None
                continue
            found = built.search(line)
            if found:
                return at, float(found.group(1))
        raise SystemExit("bantin serve did not rebuild in time")

    post = sorted((root / "posts").rglob("*.md"))[len(list((root / "posts").rglob("*.md"))) // 2]
    original = post.read_text(encoding="utf-8")
    rebuilds, latencies = [], []
    try:
        next_build()
        time.sleep(2)
        for i in range(edits):
            saved = time.perf_counter()
            post.write_text(original + f"\nCâu sửa thứ {i + 1}.\n", encoding="utf-8")
            at, seconds = next_build()
            rebuilds.append(seconds)
            latencies.append(at - saved)
            time.sleep(2)
    finally:
        post.write_text(original, encoding="utf-8")
        proc.terminate()
        proc.wait(timeout=30)
    return {"rebuild": statistics.median(rebuilds), "latency": statistics.median(latencies)}


# -- one size -------------------------------------------------------------------------------------
def measure(n: int, base: Path, repeat: int, material: bool, hugo: bool) -> dict:
    root = make(base / f"bantin-{n}", n, seed=1, photos=True)
    bantin = [sys.executable, "-m", "bantin", "build"]
    row: dict = {"n": n}

    def clean_all():
        shutil.rmtree(root / "site", ignore_errors=True)
        shutil.rmtree(root / ".cache", ignore_errors=True)

    def clean_pages():
        shutil.rmtree(root / "site", ignore_errors=True)
        shutil.rmtree(root / ".cache" / "bantin" / "search", ignore_errors=True)

    print(f"[{n}] bantin cold", file=sys.stderr)
    row["cold"] = runs(repeat, bantin, root, clean_all)
    print(f"[{n}] bantin cold pages", file=sys.stderr)
    row["pages"] = runs(repeat, bantin, root, clean_pages)
    print(f"[{n}] bantin no change", file=sys.stderr)
    row["nochange"] = runs(repeat, bantin, root)
    row["files"], row["bytes"], row["html"] = output(root / "site")
    row["photos"] = len(list((root / "images").rglob("*.jpg")))
    row["refs"] = sum(len(photos) for *_, photos in posts_of(root))
    print(f"[{n}] bantin serve edits", file=sys.stderr)
    row["edit"] = serve_edits(root)
    if material:
        site = material_site(root, base / f"material-{n}")
        print(f"[{n}] material blog", file=sys.stderr)
        row["material"] = runs(repeat, [sys.executable, "-m", "mkdocs", "build", "-q"], site,
                               lambda: shutil.rmtree(site / "site", ignore_errors=True))
        row["material"]["files"], row["material"]["bytes"], row["material"]["html"] = output(site / "site")
    if hugo:
        site = hugo_site(root, base / f"hugo-{n}")
        print(f"[{n}] hugo", file=sys.stderr)
        row["hugo"] = runs(repeat, ["hugo", "--quiet"], site, lambda: shutil.rmtree(site / "public", ignore_errors=True))
        row["hugo"]["files"], row["hugo"]["bytes"], row["hugo"]["html"] = output(site / "public")
    return row


def table(rows: list[dict], repeat: str) -> str:
    hugo_version = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1] \
        if shutil.which("hugo") else "—"
    import material
    import mkdocs
    runs_per_size = ", ".join(f"{r['n']:,}: {r['repeat']}" for r in rows)
    out = [
        f"Measured {dt.date.today().isoformat()} by `python scripts/bench_scale.py --sizes "
        f"{','.join(str(r['n']) for r in rows)} --repeat {repeat}` on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, MkDocs {mkdocs.__version__}, Material {material.__version__}, "
        f"Hugo {hugo_version}. Medians of the runs per size ({runs_per_size}), "
        "each build a fresh process; RSS is the peak.",
        "",
        "| posts (photo refs / files) | bantin cold | cold pages | no change | one-post edit (serve) | per post (cold pages) "
        "| peak RSS | output | Material blog | bantin ÷ Material | Hugo | bantin ÷ Hugo |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        m, h = r.get("material"), r.get("hugo")
        out.append(
            f"| {r['n']:,} ({r['refs']:,} / {r['photos']:,}) | {r['cold']['time']:.1f} s | {r['pages']['time']:.1f} s "
            f"| {r['nochange']['time']:.1f} s | {r['edit']['rebuild']:.2f} s (saved→done {r['edit']['latency']:.1f} s) "
            f"| {1000 * r['pages']['time'] / r['n']:.2f} ms | {max(r['cold']['rss'], r['pages']['rss']) / 1024:.0f} MiB "
            f"| {r['html']:,} pages, {r['files']:,} files, {r['bytes'] / 1e6:.0f} MB "
            + (f"| {m['time']:.1f} s ({m['rss'] / 1024:.0f} MiB; {m['html']:,} pages, {m['bytes'] / 1e6:.0f} MB) "
               f"| {r['pages']['time'] / m['time']:.2f} (cold: {r['cold']['time'] / m['time']:.2f}) " if m else "| — | — ")
            + (f"| {h['time']:.2f} s ({h['html']:,} pages) | {r['pages']['time'] / h['time']:.1f}× |" if h else "| — | — |")
        )
    first, last = rows[0], rows[-1]
    out += ["", f"Time per post (cold pages) at {last['n']:,} ÷ at {first['n']:,}: "
            f"{(last['pages']['time'] / last['n']) / (first['pages']['time'] / first['n']):.2f}."]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,3000,10000")
    parser.add_argument("--repeat", default="3", help="runs per measure: one number, or one per size (3,3,1)")
    parser.add_argument("--material-max", type=int, default=10_000, help="largest size built with Material's blog")
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--write", type=Path, help="put the table into this BENCHMARKS.md")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temp folder)")
    args = parser.parse_args()
    hugo = not args.no_hugo and shutil.which("hugo") is not None
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        rows = []
        sizes = [int(s) for s in args.sizes.split(",")]
        repeats = [int(r) for r in args.repeat.split(",")]
        repeats += [repeats[-1]] * (len(sizes) - len(repeats))
        for n, repeat in zip(sizes, repeats, strict=False):
            rows.append(measure(n, base, repeat, n <= args.material_max, hugo))
            rows[-1]["repeat"] = repeat
            print(table(rows, args.repeat), file=sys.stderr)
    text = table(rows, args.repeat)
    print(text)
    if args.write:
        doc = args.write.read_text(encoding="utf-8")
        begin, end = "<!-- scale:begin -->\n", "<!-- scale:end -->"
        if begin not in doc or end not in doc:
            raise SystemExit(f"{args.write} has no {begin.strip()} … {end} markers")
        head, rest = doc.split(begin, 1)
        args.write.write_text(head + begin + text + end + rest.split(end, 1)[1], encoding="utf-8")


if __name__ == "__main__":
    main()
