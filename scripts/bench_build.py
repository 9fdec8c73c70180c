#!/usr/bin/env python3
"""Benchmark `bantin build` on the sample site and on synthetic corpora; print a Markdown table.

Usage: python scripts/bench_build.py [--sizes 100,1000] [--repeat 3]

Each build runs in a fresh process (as a user would run it); wall time is the median of
the repeats, peak RSS the largest seen. Time per post shows whether the build stays linear.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import REPO, make  # noqa: E402


def build_once(root: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one `bantin build` in a child process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    # A wrapper process per build so RUSAGE_CHILDREN's maximum belongs to this build alone.
    code = ("import resource,subprocess,sys;"
            "r=subprocess.run([sys.executable,'-m','bantin','build'],capture_output=True,text=True);"
            "sys.stderr.write(r.stderr) if r.returncode else None;"
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);sys.exit(r.returncode)")
    result = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"build failed in {root}:\n{result.stderr}")
    del before
    return elapsed, int(result.stdout.strip())


def measure(root: Path, repeat: int, *, cold_photos: bool = True) -> dict:
    """Median of `repeat` builds; with cold_photos the photo cache is emptied before each."""
    runs = []
    for _ in range(repeat):
        if cold_photos:
            shutil.rmtree(root / ".cache", ignore_errors=True)
        runs.append(build_once(root))
    site = root / "site"
    files = [p for p in site.rglob("*") if p.is_file()]
    return {"median": statistics.median(t for t, _ in runs), "rss": max(r for _, r in runs),
            "files": len(files), "bytes": sum(p.stat().st_size for p in files)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample"
        sample.mkdir()
        for name in ("mkdocs.yml", "registry.yml", "posts", "docs", "images"):
            src = REPO / name
            (shutil.copytree if src.is_dir() else shutil.copy)(src, sample / name)
        posts = sum(1 for _ in (sample / "posts").rglob("*.md"))
        rows.append(("sample site, cold photo cache", posts, measure(sample, args.repeat)))
        rows.append(("sample site, warm photo cache", posts, measure(sample, args.repeat, cold_photos=False)))
        for n in (int(s) for s in args.sizes.split(",")):
            root = make(Path(tmp) / f"corpus-{n}", n)
            rows.append(("synthetic", n, measure(root, args.repeat)))
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"median of {args.repeat} builds each, `bantin build` in a fresh process.\n")
    print("| corpus | posts | build (median) | per post | peak RSS | output files | output size |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, n, r in rows:
        print(f"| {name} | {n:,} | {r['median']:.2f} s | {1000 * r['median'] / max(n, 1):.1f} ms "
              f"| {r['rss'] / 1024:.0f} MiB | {r['files']:,} | {r['bytes'] / 1e6:.1f} MB |")


if __name__ == "__main__":
    main()
