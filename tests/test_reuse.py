"""Integration: `serve` rebuilds reuse unchanged pages, and what they write equals a full build.

Runs MkDocs' serve loop in a child process (load the config, build, edit, build again with the
same plugin instance, as `mkdocs serve` does), then builds the edited project from nothing and
compares every file byte for byte.
"""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path

from sitebuild import copy_sample

POST = "posts/2020/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022.md"
OTHER = "posts/2023/hoi-nghi-so-ket-6-thang-dau-nam-2023-cua-dang-bo-cuc-thue.md"

LOOP = r"""
import json, logging, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

counts = []
class Count(logging.Handler):
    def emit(self, record):
        message = record.getMessage()
        if "Dựng lại " in message:
            counts.append([int(w) for w in message.split() if w.isdigit()])
logging.getLogger("mkdocs").addHandler(Count())
logging.getLogger("mkdocs").setLevel(logging.INFO)

def serve_build(first=False):
    config = load_config("mkdocs.yml", site_dir="served")
    if first:
        config.plugins.on_startup(command="serve", dirty=False)
    build(config)

serve_build(first=True)
serve_build()                                   # nothing changed
post = Path(sys.argv[1])
post.write_text(post.read_text(encoding="utf-8") + "\nMột câu thêm vào cuối bài.\n", encoding="utf-8")
serve_build()                                   # one sentence of one post's body
other = Path(sys.argv[2])
other.write_text(other.read_text(encoding="utf-8").replace("summary: ", "summary: Sửa đổi - ", 1), encoding="utf-8")
serve_build()                                   # a summary: its cards change too
MkDocsConfig.plugins.plugin_cache.clear()       # a new plugin instance: a full `build`
config = load_config("mkdocs.yml", site_dir="built")
config.plugins["bantin"].config["bulletin_pdf"] = False  # `serve` makes no bulletin PDFs (and links none)
config.plugins.on_startup(command="build", dirty=False)
build(config)
print(json.dumps(counts))
"""


def differences(a: Path, b: Path) -> list[str]:
    found = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + name for name in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return found


def test_serve_rebuilds_reuse_pages_and_equal_a_full_build(tmp_path):
    root = copy_sample(tmp_path / "site-src")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "-c", LOOP, POST, OTHER], cwd=root, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    counts = __import__("json").loads(result.stdout.strip().splitlines()[-1])
    # [rendered, reused] for each build of the serve loop.
    first, unchanged, body, summary = counts
    assert first[1] == 0 and first[0] >= 70  # the sample's pages (units without posts have none)
    assert unchanged == [0, first[0]]  # every page outside the navigation reused
    assert body == [1, first[0] - 1]  # only the edited post: its summary, title and neighbours are as before
    assert 5 < summary[0] < 30 and sum(summary) == first[0]  # the post and the index pages listing it
    assert differences(root / "served", root / "built") == []
