"""Killing a build at any moment leaves the previous site/ whole and the photo cache valid."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest

from bantin.commands.build import exchange as _exchange
from bantin.commands.build import recover as _recover
from factories import edit
from sitebuild import copy_sample, files, run_bantin

POST = "posts/2020/dai-hoi-chi-bo-van-phong-lan-thu-nhat-nhiem-ky-2020-2022.md"


def test_sigkill_at_random_moments_never_leaves_a_half_site_nor_a_bad_cache(tmp_path):
    root = copy_sample(tmp_path / "project")
    assert run_bantin(root, "build").returncode == 0
    old = files(root / "site")
    post = edit(root / POST, "lần thứ nhất", "lần thứ nhất (bản sửa)")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    rnd = random.Random(int(os.environ.get("BANTIN_KILL_SEED", "7")))
    outcomes = []
    for attempt in range(8):
        if attempt % 2 == 0:  # half the kills land among photos being made from nothing
            shutil.rmtree(root / ".cache", ignore_errors=True)
        build = subprocess.Popen([sys.executable, "-m", "bantin", "build"], cwd=root, env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rnd.uniform(0.2, 3.5))
        os.killpg(build.pid, signal.SIGKILL)  # the build and its photo workers, as a cancelled CI job
        build.wait()
        now = files(root / "site")
        outcomes.append("old" if now == old else "new")
        if now != old:  # the build finished before the kill: then it is the whole new site
            assert "lần thứ nhất (bản sửa)" in now["tin/2020/01/dai-hoi-chi-bo-van-phong-lan-thu-nhat-ban-sua-nhiem-ky-"
                                                    "2020-2022/index.html"].decode()
            old = now
    assert "old" in outcomes, outcomes  # at least one kill landed mid-build

    final = run_bantin(root, "build")
    assert final.returncode == 0, final.stderr
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []  # leftovers cleared
    fresh = copy_sample(tmp_path / "fresh")
    shutil.copy(post, fresh / POST)
    assert run_bantin(fresh, "build").returncode == 0
    assert files(root / "site") == files(fresh / "site")  # what the cache gave equals a build from nothing


def test_exchange_swaps_two_folders_in_one_step(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x").write_text("a")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x").write_text("b")
    if not _exchange(tmp_path / "a", tmp_path / "b"):
        pytest.skip("no renameat2(RENAME_EXCHANGE) here: the swap falls back to two renames")
    assert (tmp_path / "a" / "x").read_text() == "b" and (tmp_path / "b" / "x").read_text() == "a"


def test_recover_restores_a_site_set_aside_by_a_killed_swap_and_clears_staging(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    (tmp_path / f".site-old-{dead}").mkdir()
    (tmp_path / f".site-old-{dead}" / "index.html").write_text("trang cũ")
    (tmp_path / f".site-build-{dead}-abc").mkdir()
    (tmp_path / f".site-build-{os.getpid()}-live").mkdir()  # a build still running: left alone
    _recover(tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text() == "trang cũ"
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".site-build-{os.getpid()}-live", "site"]


def test_a_file_where_site_should_be_is_replaced_and_leaves_nothing(tmp_path):
    from sitebuild import copy_sample, run_bantin

    root = copy_sample(tmp_path / "p")
    (root / "site").write_text("x", encoding="utf-8")
    result = run_bantin(root, "build")
    assert result.returncode == 0, result.stderr
    assert (root / "site" / "index.html").is_file()
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".site")) == []


def test_ctrl_c_just_after_the_staging_folder_is_made_leaves_nothing(tmp_path, monkeypatch):
    """The interrupt is held while the folder is made and registered, then stops the build
    inside the block that removes it: no .site-build-* stays beside site/."""
    import os
    import signal
    import tempfile as real_tempfile

    from bantin.cli import main
    from bantin.commands import build as build_command
    from sitebuild import copy_sample

    root = copy_sample(tmp_path / "p")
    made = []
    original = real_tempfile.mkdtemp

    def mkdtemp(*args, **kwargs):
        folder = original(*args, **kwargs)
        made.append(folder)
        os.kill(os.getpid(), signal.SIGINT)
        return folder

    monkeypatch.setattr(build_command.tempfile, "mkdtemp", mkdtemp)
    monkeypatch.chdir(root)
    assert main(["build"]) == 130
    assert made and not any(os.path.exists(f) for f in made)
    assert not [p.name for p in root.iterdir() if p.name.startswith(".site-build-")]


# -- the build caches' writer (model/atomic.py) ---------------------------------------------------
@pytest.mark.parametrize("options", [{}, {"separators": (",", ":")}])
def test_json_z_is_the_whole_json_compressed_in_parts(options):
    import json
    import zlib

    from bantin.model import atomic

    long = {"a": "ạ" * (3 * atomic._CHUNK), "b": [1, 2.5, None, True, "x\ud800y", {"k": "Đại hội"}]}
    many = {"pages": [[f"u{i}", "k", ["tiếng Việt " * 40, None]] for i in range(20000)]}
    for data in (long, many, [], "chuỗi"):
        whole = zlib.compress(json.dumps(data, ensure_ascii=False, **options).encode("utf-8", "surrogatepass"), 1)
        parts = list(atomic.json_z(data, errors="surrogatepass", **options))
        assert b"".join(parts) == whole
    assert len(list(atomic.json_z(many))) > 2  # made and written a part at a time
    with pytest.raises(UnicodeEncodeError):  # a lone surrogate is refused unless told otherwise
        b"".join(atomic.json_z(long))


@pytest.mark.parametrize("fault", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_write_cut_in_its_parts_leaves_the_old_file_and_nothing_else(tmp_path, fault):
    from bantin.model.atomic import write_whole_parts

    path = tmp_path / "cache" / "x.json.z"
    path.parent.mkdir()
    path.write_bytes(b"old")

    def parts():
        yield b"new, first half"
        raise fault

    with pytest.raises(type(fault)):
        write_whole_parts(path, parts())
    assert path.read_bytes() == b"old" and sorted(p.name for p in path.parent.iterdir()) == ["x.json.z"]
    write_whole_parts(path, iter([b"new", b" whole"]))
    assert path.read_bytes() == b"new whole" and sorted(p.name for p in path.parent.iterdir()) == ["x.json.z"]
