#!/usr/bin/env python3
"""Benchmark the monthly bulletin (issue 20 §3): what its pages and PDFs add to `bantin build`.

Usage: python scripts/bench_bulletin.py [--posts 1000] [--repeat 3]

On the sample site and a synthetic corpus (scripts/make_corpus.py --photos, photos already
processed), each build in a fresh process, median wall time of the repeats:
  off          bulletin: false (no issue pages, no PDFs)
  pages        bulletin: true, bulletin_pdf: false (issue pages only)
  PDF cold     every issue's PDF rendered (its cache emptied before each run)
  PDF warm     every PDF reused from .cache/bantin/ban-tin/ (the usual build)
Prints a Markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import REPO, make  # noqa: E402

MODES = {"off": "bulletin: false", "pages": "bulletin_pdf: false", "PDF cold": "", "PDF warm": ""}


def build(root: Path) -> tuple[float, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "bantin", "build"], cwd=root, env=env, capture_output=True,
                            text=True)
    if result.returncode:
        sys.exit(result.stderr)
    return time.perf_counter() - start, result.stderr


def configure(root: Path, mode: str) -> None:
    """The plugin's options for `mode`, written under `- bantin:` in mkdocs.yml."""
    import yaml

    config = root / "mkdocs.yml"
    try:  # the corpus's plain YAML; the sample's has !ENV, edited as text below
        data = yaml.safe_load(config.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        data = None
    if data is not None:
        options = next(p["bantin"] for p in data["plugins"] if isinstance(p, dict) and "bantin" in p)
        options.pop("bulletin", None)
        options.pop("bulletin_pdf", None)
        if MODES[mode]:
            key, value = MODES[mode].split(": ")
            options[key] = value == "true"
        config.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return
    text = re.sub(r"\n      bulletin(_pdf)?: (true|false)", "", config.read_text(encoding="utf-8"))
    option = MODES[mode]
    if option:
        text = re.sub(r"(\n  - bantin:[^\n]*\n)", rf"\1      {option}\n", text, count=1)
    config.write_text(text, encoding="utf-8")


def measure(root: Path, repeat: int) -> dict[str, tuple[float, str]]:
    build(root)  # photos into the cache: every mode below starts from processed photos
    found = {}
    for mode in MODES:
        configure(root, mode)
        times = []
        said = ""
        for _ in range(repeat):
            if mode == "PDF cold":
                shutil.rmtree(root / ".cache/bantin/ban-tin", ignore_errors=True)
            elapsed, log = build(root)
            times.append(elapsed)
            said = next((line.split("bantin: ", 1)[1] for line in log.splitlines() if "Bản tin tháng:" in line), said)
        found[mode] = (statistics.median(times), said)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample"
        sample.mkdir()
        for name in ("mkdocs.yml", "registry.yml", "posts", "docs", "images", "bantin.lock.json"):
            source = REPO / name
            if source.is_dir():
                shutil.copytree(source, sample / name)
            else:
                shutil.copy(source, sample / name)
        corpus = make(Path(tmp) / "corpus", args.posts, photos=True)
        print(f"| site | {' | '.join(MODES)} | PDFs |\n|---|{'---|' * len(MODES)}---|")
        for name, root in ((f"sample ({len(list((sample / 'posts').rglob('*.md')))} posts)", sample),
                           (f"corpus ({args.posts} posts)", corpus)):
            found = measure(root, args.repeat)
            cells = " | ".join(f"{found[m][0]:.1f} s" for m in MODES)
            print(f"| {name} | {cells} | {found['PDF cold'][1]} |", flush=True)


if __name__ == "__main__":
    main()
