#!/usr/bin/env python3
"""Build time of the working tree against an earlier revision, on the same corpus, in one run.

Usage: python scripts/bench_revisions.py [--base REV] [--posts 1000] [--repeat 5] [--photos]

Both sides build the same synthetic corpus (scripts/make_corpus.py, seed 1), each in a copy of
its own, with this interpreter and its installed dependencies; only bantin's code differs
(PYTHONPATH). Each side first builds once to warm its photo cache and MkDocs' imports, then the
measured builds alternate (base, tree, base, tree, …) so that a slower minute of the machine
weighs on both. Reported: median wall time, median CPU time (user + system of the build
process and its photo workers) and CPU ÷ wall, peak RSS.

A revision from before the layered package (its plugin at bantin/mkdocs_plugin.py) gets a
one-line bantin/engine/plugin.py importing it, so the installed entry point finds it.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import REPO, make  # noqa: E402
from same_output import export  # noqa: E402

MEASURE = ("import resource,subprocess,sys;"
           "r=subprocess.run([sys.executable,'-m','bantin','build'],capture_output=True,text=True);"
           "sys.stderr.write(r.stderr) if r.returncode else None;"
           "u=resource.getrusage(resource.RUSAGE_CHILDREN);"
           "print(u.ru_utime+u.ru_stime, u.ru_maxrss);sys.exit(r.returncode)")


def base_code(rev: str, dest: Path) -> Path:
    code = export(rev, dest)
    if not (code / "bantin" / "engine" / "plugin.py").exists() and (code / "bantin" / "mkdocs_plugin.py").exists():
        (code / "bantin" / "engine").mkdir(exist_ok=True)
        (code / "bantin" / "engine" / "__init__.py").touch()
        (code / "bantin" / "engine" / "plugin.py").write_text(
            "from bantin.mkdocs_plugin import BantinPlugin  # noqa: F401\n", encoding="utf-8")
    return code


def build_once(project: Path, code: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds and peak RSS (KiB) of one `bantin build` of `project`."""
    env = {**os.environ, "PYTHONPATH": str(code), "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", MEASURE], cwd=project, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"build with {code} failed in {project}:\n{result.stderr}")
    cpu, rss = result.stdout.split()
    return wall, float(cpu), int(rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the revision to compare the working tree with")
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--photos", action="store_true", help="posts with photos (warm photo cache)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bantin-bench-") as tmp:
        work = Path(tmp)
        sides = {f"base ({args.base})": base_code(args.base, work / "base-code"), "working tree": REPO}
        corpus = make(work / "corpus", args.posts, seed=1, photos=args.photos)
        projects = {}
        for n, (name, code) in enumerate(sides.items()):
            projects[name] = shutil.copytree(corpus, work / f"project-{n}")
            build_once(projects[name], code)  # warm: photo cache, imports, the search index cache
        runs: dict[str, list[tuple[float, float, int]]] = {name: [] for name in sides}
        for _ in range(args.repeat):
            for name, code in sides.items():
                runs[name].append(build_once(projects[name], code))
    revision = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True).stdout.strip()
    print(f"{time.strftime('%Y-%m-%d')}, {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; {args.posts} posts{' with photos (warm cache)' if args.photos else ''}; "
          f"median of {args.repeat} alternating builds; working tree on {revision}.\n")
    print("| code | build (median) | per post | CPU (median) | CPU ÷ wall | peak RSS |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, measured in runs.items():
        wall = statistics.median(m[0] for m in measured)
        cpu = statistics.median(m[1] for m in measured)
        rss = max(m[2] for m in measured)
        print(f"| {name} | {wall:.2f} s | {wall / args.posts * 1000:.1f} ms | {cpu:.2f} s | {cpu / wall:.2f} | "
              f"{rss / 1024:.0f} MiB |")


if __name__ == "__main__":
    main()
