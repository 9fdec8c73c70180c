#!/usr/bin/env python3
"""Term calendar and congress tracker benchmark: the time to infer every post's term from the
calendar (model/calendar.py: terms_at) and to build every tracker (site/congress.py: trackers)
for N synthetic posts over the sample registry, to show both grow linearly with the posts.

Usage: python scripts/bench_calendar.py [--sizes 1000,10000,100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from dataclasses import replace
from pathlib import Path

from bantin.model.calendar import terms_at
from bantin.model.content import Post
from bantin.model.dates import TZ
from bantin.model.registry_file import load_registry
from bantin.site.congress import trackers

REPO = Path(__file__).resolve().parent.parent


def posts(n: int, registry) -> list[Post]:
    rng = random.Random(1)
    agencies = list(registry.agencies.values())
    kinds = list(registry.kinds)
    made = []
    for i in range(n):
        agency = rng.choice(agencies)
        units = tuple(u.key for u in rng.sample(agency.units, k=min(len(agency.units), rng.choice([0, 1, 2]))))
        date = dt.datetime(rng.randint(2015, 2029), rng.randint(1, 12), rng.randint(1, 28), 8, tzinfo=TZ)
        made.append(Post(path=f"posts/{i}.md", title=f"Tin {i}", date=date, agency=agency.key, units=units, terms=(),
                         kind=rng.choice(kinds), tags=(), author="", source="", summary="", cover=None, photos=(),
                         draft=False, slug=f"tin-{i}", aliases=(), body="", body_line=1))
    return made


def timed(repeat: int, work) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    registry, errors = load_registry(REPO / "registry.yml", REPO)
    assert registry is not None, errors
    print("| posts | terms_at, every post | µs/post | trackers | µs/post |")
    print("|---:|---:|---:|---:|---:|")
    for n in (int(s) for s in args.sizes.split(",")):
        made = posts(n, registry)
        infer = timed(args.repeat, lambda made=made: [terms_at(registry, p.date, p.agency, p.units) for p in made])
        dated = [replace(p, terms=terms_at(registry, p.date, p.agency, p.units)) for p in made]
        track = timed(args.repeat, lambda dated=dated: trackers(registry, dated))
        print(f"| {n:,} | {infer * 1000:.0f} ms | {infer / n * 1e6:.1f} | {track * 1000:.0f} ms | "
              f"{track / n * 1e6:.1f} |")


if __name__ == "__main__":
    main()
