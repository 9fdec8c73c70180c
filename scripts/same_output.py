#!/usr/bin/env python3
"""Show that a change to bantin's code leaves its output byte-identical.

Usage: python scripts/same_output.py [--base REV] [--posts 300] [--keep DIR]

Builds the same inputs twice, once with the code of REV (default HEAD, taken with `git archive`)
and once with the working tree: the sample project of this checkout and a synthetic corpus of
N posts with photos (scripts/make_corpus.py, seed 1). Each build is `python -m bantin build --zip`
in a fresh copy of the project, run by this interpreter with PYTHONPATH set to the code under
test (so the installed dependencies are the same on both sides). Every file of site/ and the
zip are compared byte for byte; the differing paths are printed and the exit code is 1.

A page whose bytes differ is compared once more with every relative URL (href, src, srcset)
resolved against the page's own address: when the two are then equal, the page links to the
same targets, spelt differently (`x/` and `../tu-khoa/x/` from tu-khoa/), and is reported as
such, not as a difference. `--strict` counts those too.

The plugin is found through the installed entry point (bantin.engine.plugin:BantinPlugin), so REV
must have that module: revisions from the layered package on (68b5682 and later).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_corpus import REPO, make  # noqa: E402

PROJECT_FILES = ("mkdocs.yml", "registry.yml", "posts", "docs", "images", "bantin.lock.json")


def export(rev: str, dest: Path) -> Path:
    """The package `bantin/` as it is at REV, under dest."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", rev, "bantin"],
                             check=True, capture_output=True).stdout
    dest.mkdir(parents=True)
    tar_path = dest / "code.tar"
    tar_path.write_bytes(archive)
    with tarfile.open(tar_path) as tar:
        tar.extractall(dest, filter="data")
    tar_path.unlink()
    return dest


def sample(dest: Path) -> Path:
    """A copy of this checkout's sample project (what `make site` builds)."""
    dest.mkdir(parents=True)
    for source in (REPO / name for name in PROJECT_FILES if (REPO / name).exists()):
        (shutil.copytree if source.is_dir() else shutil.copy)(source, dest / source.name)
    return dest


_URL_ATTR = re.compile(r'\b(href|src|srcset)="([^"]*)"')


def resolved(html: str, page: str) -> str:
    """The page with each relative URL in href/src/srcset written from the site root."""
    folder = posixpath.dirname(page)

    def one(url: str) -> str:
        if not url or re.match(r"[a-z][a-z0-9+.-]*:|[/#?]", url):
            return url
        path, sep, rest = url.partition("#") if "#" in url else url.partition("?")
        full = posixpath.normpath(posixpath.join(folder, path)) + ("/" if path.endswith("/") or not path else "")
        return "/" + full.lstrip("./") + sep + rest

    def attr(match: re.Match) -> str:
        name, value = match.groups()
        if name == "srcset":
            value = ", ".join(" ".join([one(part.split(" ")[0]), *part.split(" ")[1:]])
                              for part in value.split(", "))
        else:
            value = one(value)
        return f'{name}="{value}"'
    return _URL_ATTR.sub(attr, html)


def build(project: Path, code: Path, into: Path) -> tuple[dict[str, str], Path]:
    """Build a copy of the project with the code under `code`; digest of every output file."""
    shutil.copytree(project, into)
    env = {**os.environ, "PYTHONPATH": str(code), "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-c", "import bantin; print(bantin.__file__)"], cwd=into,
                          env=env, capture_output=True, text=True, check=True)
    if not done.stdout.strip().startswith(str(code)):
        sys.exit(f"the code under test is not the one imported: {done.stdout.strip()}")
    result = subprocess.run([sys.executable, "-m", "bantin", "build", "--zip"], cwd=into, env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"build with {code} failed:\n{result.stdout}{result.stderr}")
    digests = {}
    site = into / "site"
    for path in sorted(site.rglob("*")):
        if path.is_file():
            digests["site/" + path.relative_to(site).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    archive = into / "site.zip"
    digests["site.zip"] = hashlib.sha256(archive.read_bytes()).hexdigest()
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            digests["site.zip:" + info.filename] = hashlib.sha256(zf.read(info)).hexdigest()
    return digests, into


def read(build_dir: Path, key: str) -> str | None:
    """The text of an output (site/… or site.zip:…), for the second look at an HTML page."""
    if key.startswith("site.zip:"):
        with zipfile.ZipFile(build_dir / "site.zip") as zf:
            return zf.read(key.removeprefix("site.zip:")).decode("utf-8")
    return (build_dir / key).read_text(encoding="utf-8")


def compare(name: str, before: tuple[dict[str, str], Path], after: tuple[dict[str, str], Path],
            strict: bool) -> tuple[list[str], list[str]]:
    """(differences, pages that differ only in how their relative links are spelt)."""
    (old, old_dir), (new, new_dir) = before, after
    problems = [f"{name}: only before: {p}" for p in sorted(old.keys() - new.keys())]
    problems += [f"{name}: only after: {p}" for p in sorted(new.keys() - old.keys())]
    spelt = []
    for key in sorted(old.keys() & new.keys()):
        if old[key] == new[key]:
            continue
        page = key.split(":", 1)[-1].removeprefix("site/")
        if not strict and key.endswith(".html"):
            a, b = read(old_dir, key), read(new_dir, key)
            if a is not None and b is not None and resolved(a, page) == resolved(b, page):
                spelt.append(key)
                continue
        if key == "site.zip" and not strict:
            continue  # its entries are compared one by one
        problems.append(f"{name}: differs: {key}")
    return problems, spelt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="HEAD", help="revision to compare the working tree with")
    parser.add_argument("--posts", type=int, default=300, help="posts in the synthetic corpus")
    parser.add_argument("--keep", type=Path, help="keep the builds in this new folder")
    parser.add_argument("--strict", action="store_true", help="links spelt differently count as differences")
    args = parser.parse_args()
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bantin-same-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        base_code = export(args.base, work / "base-code")
        projects = {"sample": sample(work / "sample")}
        make(work / "corpus", args.posts, seed=1, photos=True)
        projects[f"corpus of {args.posts}"] = work / "corpus"
        problems = []
        for name, project in projects.items():
            slug = name.replace(" ", "-")
            before = build(project, base_code, work / f"{slug}-before")
            after = build(project, REPO, work / f"{slug}-after")
            found, spelt = compare(name, before, after, args.strict)
            problems += found
            print(f"{name}: {len(after[0])} files and zip entries, "
                  + (f"{len(found)} differ" if found else "identical")
                  + (f" ({len(spelt)} pages only spell relative links differently, same targets)" if spelt else ""))
        for line in problems[:50]:
            print(line)
        return 1 if problems else 0
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
