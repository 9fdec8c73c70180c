#!/usr/bin/env python3
"""Photo pipeline benchmark: the floor, a naive loop and bantin's pipeline, side by side.

Usage: python scripts/bench_images.py [--photos 24] [--repeat 3]

Generates N camera-like 4000×3000 JPEGs (noisy, q=92, a few MB each, some EXIF-rotated)
and measures, in one run, photos per second for:
  (a) floor: decode each photo once in draft mode at the largest needed size, resize in a
      chain and encode each output once (same encoder settings), in as many processes as
      cores; no orientation, colour management, hashing or cache;
  (b) naive: per output, open the original, thumbnail(), save; one process;
  (c) bantin: `bantin.site.photos.process.process` with an empty cache (cold), then again (warm).
Each figure is the median of --repeat runs.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_sample_photos import exif_for, scene, stored  # noqa: E402

from bantin.site.photos.cache import ImageCache  # noqa: E402
from bantin.site.photos.process import process  # noqa: E402
from bantin.site.photos.render import target_widths  # noqa: E402
from bantin.site.photos.renditions import Settings  # noqa: E402

SETTINGS = Settings()


def make_photos(folder: Path, n: int) -> list[Path]:
    import random

    paths = []
    for i in range(n):
        rng = random.Random(i)
        kind = ["hall", "podium", "vote", "flowers", "group", "presidium"][i % 6]
        picture = scene(kind, ["ĐẠI HỘI CHI BỘ", "NHIỆM KỲ 2025 - 2030"], rng).resize((4000, 3000), Image.BICUBIC)
        grain = Image.effect_noise((4000, 3000), 40).convert("RGB")
        picture = Image.blend(picture, grain, 0.10)
        orientation = (1, 1, 6, 1, 8, 1)[i % 6]
        path = folder / f"camera-{i:03d}.jpg"
        stored(picture, orientation).save(path, "JPEG", quality=92, exif=exif_for(orientation, True, rng).tobytes())
        paths.append(path)
    return paths


def _floor_one(job) -> None:
    """The least work for the same outputs: one draft decode, a chain of resizes, one encode each."""
    path, out = job
    with Image.open(path) as im:
        rotated = im.getexif().get(0x0112, 1) in (5, 6, 7, 8)  # draft needs the stored orientation
        width, height = (im.height, im.width) if rotated else im.size
        widths = target_widths(width, SETTINGS.widths)
        box = (widths[-1], round(height * widths[-1] / width))
        im.draft("RGB", box[::-1] if rotated else box)
        picture = im.convert("RGB")
    for w in reversed(widths):
        picture = picture.resize((w, round(picture.height * w / picture.width)), Image.Resampling.LANCZOS,
                                 reducing_gap=3.0)
        picture.save(f"{out}/{Path(path).stem}-{w}.webp", "WEBP", quality=SETTINGS.webp_quality,
                     method=SETTINGS.webp_method)
        picture.save(f"{out}/{Path(path).stem}-{w}.jpg", "JPEG", quality=SETTINGS.jpeg_quality,
                     optimize=True, progressive=True)


def floor(paths: list[Path], out: Path) -> None:
    with ProcessPoolExecutor(os.cpu_count()) as pool:
        list(pool.map(_floor_one, [(str(p), str(out)) for p in paths]))


def naive(paths: list[Path], out: Path) -> None:
    for path in paths:
        for w in SETTINGS.widths:
            for fmt, ext in (("WEBP", "webp"), ("JPEG", "jpg")):
                with Image.open(path) as im:
                    im.thumbnail((w, w))
                    im.convert("RGB").save(out / f"{path.stem}-{w}.{ext}", fmt)


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=24)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "in").mkdir()
        paths = make_photos(tmp / "in", args.photos)
        size = sum(p.stat().st_size for p in paths) / len(paths) / 1e6
        sources = {p.name: p for p in paths}
        runs: dict[str, list[float]] = {"floor": [], "naive": [], "cold": [], "warm": []}
        for i in range(args.repeat):
            for name in runs:
                out = tmp / f"{name}-{i}"
                out.mkdir()
                if name == "floor":
                    runs[name].append(timed(lambda: floor(paths, out)))  # noqa: B023 - timed at once
                elif name == "naive":
                    runs[name].append(timed(lambda: naive(paths, out)))  # noqa: B023 - timed at once
                elif name == "cold":
                    runs[name].append(timed(lambda: process(sources, ImageCache(out, SETTINGS))))  # noqa: B023
                else:
                    cache = tmp / f"cold-{i}"
                    result: dict = {}
                    def warm(cache=cache, result=result) -> None:
                        result.update(stats=process(sources, ImageCache(cache, SETTINGS))[2])
                    runs[name].append(timed(warm))
                    assert result["stats"].rendered == 0 and result["stats"].hashed == 0
    n = args.photos
    rate = {k: n / statistics.median(v) for k, v in runs.items()}
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"Pillow {Image.__version__}; {n} photos 4000×3000, {size:.1f} MB each on average; "
          f"outputs {', '.join(map(str, SETTINGS.widths))} px × WebP + JPEG; median of {args.repeat} runs.\n")
    print("| pipeline | photos/s | vs floor | vs naive |")
    print("|---|---:|---:|---:|")
    labels = {"floor": "(a) floor: draft decode once, encode each output once, all cores",
              "naive": "(b) naive: open + thumbnail() + save per output, one process",
              "cold": "(c) bantin, cold cache (all cores)",
              "warm": "(c) bantin, warm cache (no photo decoded or hashed)"}
    for key, label in labels.items():
        print(f"| {label} | {rate[key]:.1f} | {rate[key] / rate['floor']:.0%} | {rate[key] / rate['naive']:.1f}× |")


if __name__ == "__main__":
    main()
