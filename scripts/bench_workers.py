#!/usr/bin/env python3
"""Issue 21 benchmark: posts' bodies in worker processes and from the build cache.

Usage: python scripts/bench_workers.py [--sizes 1000,3000] [--repeat 3] [--workers 1,2,4] [--keep DIR]

For each size N, `make_corpus.py` (seed 1, with photos) makes a project, built once to fill the
photo cache (as CI keeps `.cache/`). Then, every build a fresh `bantin build` process, medians
of --repeat runs, with wall time, CPU time (user + system of the build and its workers) and
their ratio (how many cores were busy on average):

- before: the posts left to MkDocs' page loop (`--workers 1`, `render_cache: false`), site/,
  the search cache and the bodies' cache removed: the build as it was before issue 21;
- cold, W workers: the same, with the bodies rendered in W processes and written to the cache;
- no change: everything kept, built again (`--workers 2`);
- one post added: a new post in posts/ (removed again after each run), `--workers 2`.

Hugo is measured beside them when `hugo` is installed (same site as scripts/bench_scale.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import make  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
SWITCH = "render_cache: !ENV [BANTIN_RENDER_CACHE, true]\n"


def timed(cmd: list[str], cwd: Path, env: dict) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (the command and every process it waited for) and peak RSS (KiB)."""
    code = ("import resource,subprocess,sys;"
            "r=subprocess.run(sys.argv[1:],capture_output=True,text=True);"
            "sys.stderr.write(r.stdout[-3000:]+r.stderr[-3000:]) if r.returncode else None;"
            "u=resource.getrusage(resource.RUSAGE_CHILDREN);"
            "print(u.ru_utime+u.ru_stime, u.ru_maxrss);sys.exit(r.returncode)")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code, *cmd], cwd=cwd, env={**ENV, **env},
                            capture_output=True, text=True)
    wall = time.perf_counter() - start
    if result.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd}:\n{result.stderr}")
    cpu, rss = result.stdout.split()
    return wall, float(cpu), int(rss)


def runs(repeat: int, cmd: list[str], cwd: Path, env: dict, before=None, after=None) -> dict:
    found = []
    for _ in range(repeat):
        if before:
            before()
        found.append(timed(cmd, cwd, env))
        if after:
            after()
    return {"wall": statistics.median(w for w, _, _ in found), "cpu": statistics.median(c for _, c, _ in found),
            "rss": max(r for _, _, r in found), "load": os.getloadavg()[0]}


def switchable(root: Path) -> None:
    """render_cache read from BANTIN_RENDER_CACHE, mkdocs.yml's bytes the same either way."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if SWITCH not in text:
        text = re.sub(r"(\n *- bantin:[^\n]*\n)( +)", lambda m: m.group(1) + m.group(2) + SWITCH + m.group(2),
                      text, count=1)
        config.write_text(text, encoding="utf-8")


def measure(n: int, base: Path, repeat: int, workers: list[int]) -> dict:
    root = make(base / f"bantin-{n}", n, seed=1, photos=True)
    switchable(root)
    build = [sys.executable, "-m", "bantin", "build"]
    row: dict = {"n": n}

    def clean():
        shutil.rmtree(root / "site", ignore_errors=True)
        shutil.rmtree(root / ".cache" / "bantin" / "search", ignore_errors=True)
        (root / ".cache" / "bantin" / "bodies.json.z").unlink(missing_ok=True)

    print(f"[{n}] photo cache", file=sys.stderr)
    timed(build, root, {"BANTIN_RENDER_CACHE": "false"})
    print(f"[{n}] before (MkDocs' loop)", file=sys.stderr)
    row["before"] = runs(repeat, [*build, "-j", "1"], root, {"BANTIN_RENDER_CACHE": "false"}, clean)
    for w in workers:
        print(f"[{n}] cold, {w} workers", file=sys.stderr)
        row[f"cold{w}"] = runs(repeat, [*build, "-j", str(w)], root, {}, clean)
    print(f"[{n}] no change", file=sys.stderr)
    row["nochange"] = runs(repeat, [*build, "-j", "2"], root, {})
    posts = sorted((root / "posts").rglob("*.md"))
    model = posts[len(posts) // 2]
    added = model.with_name("tin-moi-them-mot-bai.md")
    lock = (root / "bantin.lock.json").read_bytes() if (root / "bantin.lock.json").exists() else None

    def add():
        text = model.read_text(encoding="utf-8")
        added.write_text(re.sub(r"^title: .+$", "title: Tin mới thêm một bài", text, count=1, flags=re.M),
                         encoding="utf-8")

    def remove():
        added.unlink()
        if lock is not None:
            (root / "bantin.lock.json").write_bytes(lock)
        timed(build, root, {})  # the cache as it was: the next run adds the post to the same site

    print(f"[{n}] one post added", file=sys.stderr)
    row["added"] = runs(repeat, [*build, "-j", "2"], root, {}, add, remove)
    if shutil.which("hugo"):
        from bench_scale import hugo_site

        site = hugo_site(root, base / f"hugo-{n}")
        print(f"[{n}] hugo", file=sys.stderr)
        row["hugo"] = runs(repeat, ["hugo", "--quiet"], site, {},
                           lambda: shutil.rmtree(site / "public", ignore_errors=True))
    return row


def table(rows: list[dict], repeat: int, workers: list[int]) -> str:
    import markdown
    import mkdocs

    def cell(m: dict) -> str:
        return f"{m['wall']:.1f} s ({m['cpu']:.1f} s CPU, {m['cpu'] / m['wall']:.2f})"

    out = [f"Measured {dt.date.today().isoformat()} by `python scripts/bench_workers.py --sizes "
           f"{','.join(str(r['n']) for r in rows)} --repeat {repeat} --workers {','.join(map(str, workers))}` on "
           f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, MkDocs "
           f"{mkdocs.__version__}, Markdown {markdown.__version__}; photo cache kept. Each cell: median wall time "
           "(median CPU time of the build and its workers, CPU ÷ wall).", "",
           "| posts | before (MkDocs' loop) | " + " | ".join(f"cold, {w} worker{'s' if w > 1 else ''}" for w in workers)
           + " | no change | one post added | peak RSS | Hugo | load (1 min) |",
           "|---|" + "---:|" * (len(workers) + 6)]
    for r in rows:
        h = r.get("hugo")
        out.append(f"| {r['n']:,} | {cell(r['before'])} | " + " | ".join(cell(r[f'cold{w}']) for w in workers)
                   + f" | {cell(r['nochange'])} | {cell(r['added'])} | "
                   f"{max(v['rss'] for k, v in r.items() if isinstance(v, dict) and k != 'hugo') / 1024:.0f} MiB | "
                   + (f"{h['wall']:.2f} s" if h else "not installed")
                   + f" | {max(v['load'] for k, v in r.items() if isinstance(v, dict)):.1f} |")
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,3000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temp folder)")
    args = parser.parse_args()
    workers = [int(w) for w in args.workers.split(",")]
    base = args.keep or Path(tempfile.mkdtemp(prefix="bantin-workers-"))
    try:
        rows = [measure(int(n), base, args.repeat, workers) for n in args.sizes.split(",")]
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    print(table(rows, args.repeat, workers))


if __name__ == "__main__":
    main()
