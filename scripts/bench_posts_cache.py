#!/usr/bin/env python3
"""What the posts cache (bantin/model/post_cache.py) saves in `load_project`, in one run.

Usage: python scripts/bench_posts_cache.py [--posts 3000] [--repeat 3] [--corpus DIR] [--photos 10000]

On a corpus (`make_corpus.py --photos`, seed 1, or a copy of --corpus DIR; the copy is made in a
temporary folder, DIR is never written), in this process, medians of --repeat runs of:

- cold: `load_project` without a cache (every post parsed and validated);
- cold + save: the same with the cache, then written to its file (a first build);
- warm: the cache read from its file, every post taken from it (a build with `.cache/` kept,
  each file's size, times and inode as when it was read: no post file opened);
- warm after a checkout: the same with every stamp forgotten, so each post file is read and
  its bytes digested (CI: a fresh clone gives every file a new mtime);
- the cache file alone: read, decompressed, every Post rebuilt;
- photos: `PostCache.photos_hold` asking again of --photos photos (4 per post folder) whether each
  is a file inside the project, as validation asks.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import make  # noqa: E402

from bantin.model.content import Photo  # noqa: E402
from bantin.model.post_cache import CACHE_FILE, PostCache  # noqa: E402
from bantin.model.project import Options, load_project  # noqa: E402


def median(runs: int, step) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", type=Path, help="a project to copy instead of generating one")
    parser.add_argument("--photos", type=int, default=10000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bantin-posts-cache-") as tmp:
        root = Path(tmp) / "site"
        if args.corpus:
            shutil.copytree(args.corpus, root, ignore=shutil.ignore_patterns(".cache", "site"))
        else:
            make(root, args.posts, seed=1, photos=True)
        options = Options(root.resolve())
        kept = root / ".cache" / "bantin" / CACHE_FILE
        posts = len(load_project(options).posts)

        def first() -> None:
            kept.unlink(missing_ok=True)
            cache = PostCache(kept)
            cache.load()
            load_project(options, cache=cache)
            cache.save()

        def warm(forget: bool = False) -> None:
            cache = PostCache(kept)
            cache.load()
            if forget:
                for entry in cache.entries.values():
                    entry.stamp = None
            load_project(options, cache=cache)
            assert cache.reused == posts, (cache.reused, posts)

        def file_alone() -> None:
            PostCache(kept).load()

        rows = [("cold, no cache", median(args.repeat, lambda: load_project(options))),
                ("cold, then the cache written", median(args.repeat, first))]
        time.sleep(2.1)  # files read within RACY of being written are digested, not trusted
        first()
        rows += [("warm: from the file, no post opened", median(args.repeat, warm)),
                 ("warm after a checkout: every post read and digested", median(args.repeat, lambda: warm(True))),
                 ("the cache file alone (read, decompress, rebuild)", median(args.repeat, file_alone))]
        size = kept.stat().st_size

        photos = Path(tmp) / "photos"
        srcs = [f"images/{2015 + n % 10}/bai-{n}/anh-{k}.jpg" for n in range(args.photos // 4) for k in range(4)]
        for src in srcs:
            (photos / src).parent.mkdir(parents=True, exist_ok=True)
            (photos / src).write_bytes(b"")
        groups = [tuple(Photo(src) for src in srcs[i:i + 4]) for i in range(0, len(srcs), 4)]

        class Holder:
            def __init__(self, images: tuple[Photo, ...]) -> None:
                self.images = images

        holders = [Holder(group) for group in groups]

        def ask() -> None:
            cache = PostCache()
            cache.begin("")
            assert all(cache.photos_hold(holder, photos.resolve()) for holder in holders)  # type: ignore[arg-type]

        photo_time = median(args.repeat, ask)
    print(f"load_project at {posts} posts (median of {args.repeat}):")
    for label, seconds in rows:
        print(f"  {label:<55} {seconds:6.3f} s")
    print(f"  cache file: {size / 1e6:.1f} MB")
    print(f"photos asked again: {len(srcs)} photos in {len(groups)} folders: {photo_time * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
