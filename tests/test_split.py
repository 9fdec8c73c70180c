"""MkDocs' page loop shared with a forked child (engine/split.py): the site, the warnings and
their order, and the build cache are those of a one-process build; a failed child gives its
pages back; a failed build leaves no child and no folder behind."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_bodies import COUNTS, PAGES, SOURCES, assert_same_site, with_cache_switch

from bantin.engine import split
from sitebuild import REPO

SPLIT = "trang cuối được ghi trong một tiến trình riêng"
GIVEN_BACK = "tiến trình riêng không xong"

# Run bantin with MkDocs' _build_page wrapped by `PATCH` (the child inherits it when forked). The
# loop calls it here for the child's pages too, with the empty template (nothing is rendered):
# a warning of the patch stands for one while rendering, so it skips those.
WRAPPER = """\
import logging, os, sys
import mkdocs.commands.build as engine_build
from bantin.engine import ENGINE
PARENT = os.getpid()
_original = engine_build._build_page
calls = {"parent": 0, "child": 0}
def _build_page(page, *args, **kwargs):
    where = "parent" if os.getpid() == PARENT else "child"
    calls[where] += 1
PATCH
    return _original(page, *args, **kwargs)
engine_build._build_page = _build_page
from bantin.cli import main
sys.exit(main(sys.argv[1:]))
"""


def run(root: Path, tmp_path: Path, patch: str, *args: str, cache: str = "false") -> subprocess.CompletedProcess:
    script = tmp_path / "wrapped.py"
    script.write_text(WRAPPER.replace("PATCH", patch), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8", "BANTIN_WORKERS": "",
           "BANTIN_TEST_RENDER_CACHE": cache, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, str(script), *args], cwd=root, env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=300)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    sys.path.insert(0, str(REPO / "scripts"))
    from make_corpus import make

    root = with_cache_switch(make(tmp_path_factory.mktemp("corpus") / "site", 90, seed=3, photos=True))
    return root


def warnings_of(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("CẢNH BÁO")]


# -- where the loop is split ------------------------------------------------------------------
def test_the_split_shares_out_the_work() -> None:
    assert split.split_point([True] * (split.FEWEST - 1)) == 0  # too few pages for a child
    fresh = split.split_point([True] * 1000)
    assert 480 < fresh < 500  # the child's pages cost this process a little too: it takes fewer
    reused = split.split_point([False] * 1000)
    assert 460 < reused < 490
    # Fresh pages first (new posts), then reused ones: the child takes many more pages than this
    # process, for about as much work (300 × 6 + 332 here, 2,368 there).
    mixed = split.split_point([True] * 300 + [False] * 2700)
    assert 610 < mixed < 650
    # The child keeps the caches besides (in reused pages' worth): it takes fewer pages.
    busy = split.split_point([False] * 1000, extra=500)
    assert 720 < busy < 750


def test_mkdocs_line_for_the_childs_empty_pages_is_left_out() -> None:
    keep = split._Skipped({"posts/2020/a/index.md"})
    record = logging.LogRecord("mkdocs.commands.build", logging.INFO, "", 0,
                               "Page skipped: 'posts/2020/a/index.md'. Generated empty output.", None, None)
    other = logging.LogRecord("mkdocs.commands.build", logging.INFO, "", 0,
                              "Page skipped: 'gioi-thieu.md'. Generated empty output.", None, None)
    assert not keep.filter(record) and keep.filter(other)


# -- builds -------------------------------------------------------------------------------------
def test_a_split_build_is_the_one_process_build(corpus, tmp_path) -> None:
    one = run(corpus, tmp_path, "    pass", "-v", "build", "-d", "one", "-j", "1")
    assert one.returncode == 0 and SPLIT not in one.stderr, one.stderr[-3000:]
    two = run(corpus, tmp_path, "    pass", "-v", "build", "-d", "two", "-j", "2")
    assert two.returncode == 0 and "Traceback" not in two.stderr, two.stderr[-3000:]
    assert SPLIT in two.stderr
    assert "Page skipped" not in two.stderr  # MkDocs' line for the pages the child wrote
    assert_same_site(corpus / "one", corpus / "two")
    # The build cache holds the child's pages too: the next build reuses every page.
    first = run(corpus, tmp_path, "    pass", "-v", "build", "-d", "cached", "-j", "2", cache="true")
    again = run(corpus, tmp_path, "    pass", "-v", "build", "-d", "cached", "-j", "2", cache="true")
    assert first.returncode == 0 and again.returncode == 0, again.stderr[-3000:]
    rendered, reused = (int(n) for n in PAGES.search(again.stderr).groups())  # type: ignore[union-attr]
    assert rendered == 0 and reused > split.FEWEST, again.stderr[-2000:]
    # The child kept the bodies and the pages' sources (it had them all): every one is reused.
    made, _ = (int(n) for n in SOURCES.search(again.stderr).groups())  # type: ignore[union-attr]
    posts, body_reused, body_rendered, _ = (int(n) for n in COUNTS.search(again.stderr).groups())  # type: ignore[union-attr]
    assert made == 0 and body_rendered == 0 and body_reused == posts > 50, again.stderr[-2000:]
    assert SPLIT in again.stderr
    assert_same_site(corpus / "one", corpus / "cached")


def test_a_child_that_fails_gives_its_pages_back(corpus, tmp_path) -> None:
    patch = '    if where == "child" and calls["child"] == 3:\n        raise OSError(28, "No space left on device")'
    result = run(corpus, tmp_path, "    pass", "build", "-d", "one", "-j", "1")
    assert result.returncode == 0, result.stderr[-3000:]
    result = run(corpus, tmp_path, patch, "-v", "build", "-d", "given", "-j", "2")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    assert GIVEN_BACK in result.stderr and "No space left on device" in result.stderr
    assert_same_site(corpus / "one", corpus / "given")


def test_warnings_on_the_childs_pages_come_in_the_pages_turn(corpus, tmp_path) -> None:
    """Every 7th page warns while it is written: the same lines in the same order as one process
    logs them, and --strict stops both builds."""
    patch = ('    if sum(page.file.src_uri.encode()) % 7 == 0 and page.meta.get("template") != "bantin/reused.html":\n'
             '        logging.getLogger(ENGINE + ".commands.build").warning(f"thử cảnh báo {page.file.src_uri}")')
    runs = {}
    for workers in ("1", "2"):
        result = run(corpus, tmp_path, patch, "-v", "build", "-d", f"w{workers}", "-j", workers)
        assert result.returncode == 0, result.stderr[-3000:]
        runs[workers] = [w for w in warnings_of(result.stderr) if "thử cảnh báo" in w]
        if workers == "2":
            assert SPLIT in result.stderr
    assert len(runs["1"]) > 20 and runs["1"] == runs["2"]
    codes = {}
    for workers in ("1", "2"):
        strict = run(corpus, tmp_path, patch, "build", "--strict", "-d", f"strict{workers}", "-j", workers)
        assert "Traceback" not in strict.stderr, strict.stderr[-3000:]
        codes[workers] = strict.returncode, (corpus / f"strict{workers}").exists()
    assert codes["1"] == codes["2"]  # (MkDocs stops on them; ProperDocs' --strict counts fewer warnings)


def test_a_warned_page_is_not_kept_for_the_next_build(corpus, tmp_path) -> None:
    """As in one process (engine/reuse.py): a page that warned is rendered again, and warns again."""
    patch = ('    if page.file.src_uri.startswith("tu-khoa/") and page.meta.get("template") != "bantin/reused.html":\n'
             '        logging.getLogger(ENGINE + ".commands.build").warning(f"thử cảnh báo {page.file.src_uri}")')
    for kept in (corpus / ".cache").rglob("pages.bin"):
        kept.unlink()  # every page rendered in the first build
    said = []
    for _ in range(2):
        result = run(corpus, tmp_path, patch, "-v", "build", "-d", "kept", "-j", "2", cache="true")
        assert result.returncode == 0 and SPLIT in result.stderr, result.stderr[-3000:]
        said.append([w for w in warnings_of(result.stderr) if "thử cảnh báo" in w])
    assert len(said[0]) > 3 and said[0] == said[1]


def _children_of(script: Path) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if str(script).encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
@pytest.mark.parametrize(("fault", "said"), [
    ("RuntimeError('hỏng thử')", "hãy gửi cho người phát triển bantin"),  # an unforeseen fault: its report, one line
    ("KeyboardInterrupt()", "Đã dừng"),  # Ctrl-C: MkDocs tells plugins of Exceptions only
])
def test_a_failed_build_leaves_no_child_and_no_folder(corpus, tmp_path, fault, said) -> None:
    """This process's page fails while the child writes: one Vietnamese line, the child ended,
    no folder left in the cache, no site."""
    patch = ('    if where == "parent" and calls["parent"] == 3:\n'
             '        import time; time.sleep(0.5)\n'
             f'        raise {fault}')
    result = run(corpus, tmp_path, patch, "build", "-d", "failed", "-j", "2")
    assert result.returncode != 0 and "Traceback" not in result.stderr, result.stderr[-3000:]
    assert said in result.stderr, result.stderr[-2000:]
    assert not (corpus / "failed").exists()
    assert not list((corpus / ".cache").rglob(".bantin-pages-*"))
    assert not _children_of(tmp_path / "wrapped.py")
