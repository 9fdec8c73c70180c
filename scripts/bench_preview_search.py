#!/usr/bin/env python3
"""The preview's quick rebuild while the last edit's search index is still being made (issue 21):
the index made in a forked child process (engine/quick.py: Search) against the thread alone.

Usage: python scripts/bench_preview_search.py [--posts 3000] [--repeat 3] [--gap 0.5] [--corpus DIR]

A project of N posts (`make_corpus.py`, seed 1, no photos; or a copy of `--corpus DIR`) is
previewed in this process as `bantin serve` previews it (engine/serve.py: Builds), built once in
full. Then, for each way of making the search index, `--repeat` times: a body edit of the middle
post and its quick rebuild (which starts the index), `--gap` seconds later (an editor saving
again) a second body edit and its quick rebuild, timed; then the wait for that index. Also
timed: a quick rebuild with no index being made. Figures are medians, in seconds.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def edit(post: Path, n: int) -> None:
    text = post.read_text(encoding="utf-8")
    post.write_text(text.rstrip("\n") + f"\n\nCâu thêm số {n} để đo bản xem trước.\n", encoding="utf-8")


def timed(builds) -> float:
    begun = time.perf_counter()
    quick = builds.quick
    builds.build()
    seconds = time.perf_counter() - begun
    if builds.quick != quick + 1:
        raise SystemExit("LỖI: lần dựng lại không đi đường nhanh → kiểm tra dự án đo.")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--gap", type=float, default=0.5, help="seconds between the two saves")
    parser.add_argument("--corpus", type=Path, help="a project to copy instead of generating one")
    args = parser.parse_args()

    from bantin.engine import forked, quick
    from bantin.engine.build import load_config
    from bantin.engine.serve import Builds

    with tempfile.TemporaryDirectory(prefix="bench-preview-search-") as tmp:
        root = Path(tmp) / "project"
        if args.corpus:
            shutil.copytree(args.corpus, root)
        else:
            subprocess.run([sys.executable, str(ROOT / "scripts" / "make_corpus.py"), str(root), "--posts",
                            str(args.posts)], check=True, stdout=subprocess.DEVNULL)
        config_file = root / "mkdocs.yml"
        posts = sorted((root / "posts").rglob("*.md"))
        post = posts[len(posts) // 2]
        url = "http://127.0.0.1:8765/"
        site = Path(tmp) / "site"
        config = load_config(str(config_file), site_dir=str(site), dev_addr="127.0.0.1:8765")
        config.plugins.on_startup(command="serve", dirty=False)
        config.site_url = url
        builds = Builds(str(config_file), drafts=False, site_dir=str(site), address="127.0.0.1:8765", serve_url=url)
        begun = time.perf_counter()
        builds.build(config)
        builds.wait()
        print(f"{len(posts)} bài; xây dựng đầu tiên {time.perf_counter() - begun:.1f} giây.", flush=True)
        can_fork, fork = quick.can_fork, forked.Child.fork
        fork_times: list[float] = []

        def timed_fork(build, folder):  # the preview's memory is copied on write: what does forking cost?
            begun = time.perf_counter()
            try:
                return fork(build, folder)
            finally:
                fork_times.append(time.perf_counter() - begun)

        forked.Child.fork = timed_fork  # type: ignore[assignment]
        n = 0
        rows = []
        try:
            for way, forks in (("tiến trình con", True), ("luồng", False)):
                if forks and not can_fork():
                    continue
                quick.can_fork = (lambda: True) if forks else (lambda: False)  # type: ignore[assignment]
                alone, contended, index = [], [], []
                for _ in range(args.repeat):
                    n += 1
                    edit(post, n)
                    timed(builds)
                    builds.wait()
                    n += 1
                    edit(post, n)
                    alone.append(timed(builds))
                    time.sleep(args.gap)
                    n += 1
                    edit(post, n)
                    contended.append(timed(builds))
                    begun = time.perf_counter()
                    builds.wait()
                    index.append(time.perf_counter() - begun)
                rows.append((way, statistics.median(alone), statistics.median(contended), statistics.median(index)))
        finally:  # no child left writing into the folder about to be removed
            quick.can_fork, forked.Child.fork = can_fork, fork  # type: ignore[assignment]
            if builds.plugin is not None:
                builds.plugin.search_jobs.close()
            config.plugins.on_shutdown()
    print(f"\nTrung vị của {args.repeat} lần (giây), lưu lần hai {args.gap} giây sau lần một:")
    print("| chỉ mục làm trong | dựng nhanh, không có chỉ mục đang làm | dựng nhanh khi chỉ mục đang làm | chờ chỉ mục sau đó |")
    print("|---|---|---|---|")
    for way, a, c, i in rows:
        print(f"| {way} | {a:.2f} | {c:.2f} | {i:.2f} |")
    if fork_times:
        print(f"\nTạo tiến trình con (fork): trung vị {statistics.median(fork_times) * 1000:.0f} ms, "
              f"lâu nhất {max(fork_times) * 1000:.0f} ms ({len(fork_times)} lần).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
