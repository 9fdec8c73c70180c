#!/usr/bin/env python3
"""The search index at scale (issue 21): a cold build, then a build after one post is added
with the cache kept, each in a fresh process (project loaded first, not timed).

Usage: python scripts/bench_search_cache.py PROJECT [--workers 1,2]

PROJECT is a bantin project (e.g. `scripts/make_corpus.py DIR --posts 3000 --photos`); it is
copied to a temporary folder, where one post is added (a copy of the newest with another title
and file name). For each worker count: `search.build_cached` with an empty cache, then after the
post is added; wall time, CPU time (this process and its workers), peak RSS; and whether the
incremental index equals a cold build of the same posts, byte for byte.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

MEASURE = r"""
import json, resource, shutil, sys, time
from pathlib import Path
from bantin.model.project import Options, load_project
from bantin.site import search
root, out, cache, workers = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
project = load_project(Options(root))
shutil.rmtree(out, ignore_errors=True)
cpu, wall = time.process_time(), time.perf_counter()
reused = search.build_cached(project, out, cache, workers=workers)
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
children = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"wall": wall, "cpu": cpu + children.ru_utime + children.ru_stime, "reused": reused,
                  "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(root: Path, out: Path, cache: Path, workers: int) -> dict:
    done = subprocess.run([sys.executable, "-c", MEASURE, str(root), str(out), str(cache), str(workers)],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def add_post(root: Path) -> None:
    newest = max((root / "posts").rglob("*.md"))
    text = newest.read_text(encoding="utf-8").replace("\ntitle: ", "\ntitle: Bài thêm vào ", 1)
    newest.with_name("bai-them-vao-" + newest.name).write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    posts = sum(1 for _ in (args.project / "posts").rglob("*.md"))
    print(f"{posts} posts, {date.today():%d/%m/%Y}, {platform.machine()}, Python {platform.python_version()}")
    print("| workers | build | wall | CPU (all processes) | peak RSS | same bytes as a cold build |")
    print("|---:|---|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for workers in (int(w) for w in args.workers.split(",")):
            root = work / f"p{workers}"
            shutil.copytree(args.project, root, ignore=shutil.ignore_patterns(".cache", "site"))
            cache = work / f"cache{workers}"
            cold = measure(root, work / "cold", cache, workers)
            print(f"| {workers} | cold | {cold['wall']:.1f} s | {cold['cpu']:.1f} s | {cold['peak_mib']:.0f} MiB | |")
            add_post(root)
            warm = measure(root, work / "warm", cache, workers)
            measure(root, work / "fresh", work / f"fresh{workers}", workers)
            same = files(work / "warm") == files(work / "fresh")
            print(f"| {workers} | one post added, cache kept | {warm['wall']:.1f} s | {warm['cpu']:.1f} s | "
                  f"{warm['peak_mib']:.0f} MiB | {'yes' if same else 'NO'} |")
            shutil.rmtree(root)


if __name__ == "__main__":
    main()
