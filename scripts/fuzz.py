#!/usr/bin/env python3
"""The longer fuzz run: every property of tests/test_fuzz.py with many inputs, and its figures.

Usage: python scripts/fuzz.py [--examples 20000] [--jobs 2] [--write BENCHMARKS.md]

Runs the Hypothesis properties (slugs, terms, dates, search tokens, whole post texts, YAML
values of every type in every field, registry files, old-article recognition) with
BANTIN_FUZZ_EXAMPLES inputs each, a 1 s deadline per input, and prints a Markdown table:
inputs tried, failing inputs and time per property. A failing input is printed by pytest
with the shortest example Hypothesis found; add it to the tests when you fix it.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STATS = re.compile(r"(\d+) passing(?: examples?)?, (\d+) failing")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=20_000)
    parser.add_argument("--jobs", type=int, default=2, help="pytest-xdist workers")
    parser.add_argument("--write", type=Path, help="put the table between the fuzz markers of this BENCHMARKS.md")
    args = parser.parse_args()
    env = {**os.environ, "BANTIN_FUZZ_EXAMPLES": str(args.examples)}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/test_fuzz.py", "-q", "-p", "no:cacheprovider",
         "--hypothesis-show-statistics", "-n", str(args.jobs)],
        cwd=REPO, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    rows, current = {}, None
    for line in result.stdout.splitlines():
        if line.startswith("tests/test_fuzz.py::") and line.rstrip().endswith(":"):
            current = re.sub(r"\[(\w+)-.*\]", r"[\1]", line.split("::", 1)[1].rstrip(":"))
            rows.setdefault(current, [0, 0, 0.0])
        elif current and (found := re.search(r"during generate phase \(([\d.]+) seconds\)", line)):
            rows[current][2] += float(found.group(1))
        elif current and (found := STATS.search(line)):
            rows[current][0] += int(found.group(1))
            rows[current][1] += int(found.group(2))
    import hypothesis

    lines = [f"Fuzzed {time.strftime('%Y-%m-%d')} by `python scripts/fuzz.py --examples {args.examples}` on "
             f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
             f"Hypothesis {hypothesis.__version__}: {elapsed:.0f} s in all.", "",
             "| property | inputs tried | failing | time |", "|---|---:|---:|---:|"]
    for name, (passing, failing, seconds) in rows.items():
        lines.append(f"| `{name}` | {passing + failing:,} | {failing} | {seconds:.0f} s |")
    total = sum(r[0] + r[1] for r in rows.values())
    lines.append(f"| all | {total:,} | {sum(r[1] for r in rows.values())} | {elapsed:.0f} s wall |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.write:
        doc = args.write.read_text(encoding="utf-8")
        begin, end = "<!-- fuzz:begin -->\n", "<!-- fuzz:end -->"
        head, rest = doc.split(begin, 1)
        args.write.write_text(head + begin + text + end + rest.split(end, 1)[1], encoding="utf-8")
    if result.returncode != 0:
        print("\n" + result.stdout[-6000:], file=sys.stderr)
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
