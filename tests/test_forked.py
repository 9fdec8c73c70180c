"""Work beside the build in a forked child (engine/forked.py): done in another process, silent,
deaf to Ctrl-C, stoppable, and what fails is said in one line for the build to do the work itself."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from bantin.engine import forked

pytestmark = pytest.mark.skipif(not forked.available(), reason="no fork on this platform")


def test_the_work_runs_in_another_process_and_leaves_its_result(tmp_path: Path) -> None:
    def work(folder: Path) -> None:
        (folder / "pid").write_text(str(os.getpid()), encoding="utf-8")

    child = forked.Forked(work, tmp_path / "near")
    assert child.wait(60) is None
    assert int((child.folder / "pid").read_text(encoding="utf-8")) != os.getpid()
    assert child.folder.parent == tmp_path / "near"
    child.stop()


def test_a_failure_is_one_line_for_the_parent(tmp_path: Path) -> None:
    def work(folder: Path) -> None:
        raise ValueError("hỏng\nở dòng hai")

    child = forked.Forked(work, tmp_path)
    assert child.wait(60) == "ValueError: hỏng ở dòng hai"
    child.stop()


def test_a_child_killed_from_outside_says_its_exit_code(tmp_path: Path) -> None:
    def work(folder: Path) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    child = forked.Forked(work, tmp_path)
    assert child.wait(60) == f"mã thoát {-signal.SIGKILL}"
    child.stop()


def test_ctrl_c_does_not_reach_the_work_and_stop_ends_it(tmp_path: Path, capfd) -> None:
    def work(folder: Path) -> None:
        (folder / "started").touch()
        time.sleep(0.5)
        (folder / "after-ctrl-c").touch()
        time.sleep(600)

    child = forked.Forked(work, tmp_path)
    deadline = time.time() + 30
    while not (child.folder / "started").exists():
        assert time.time() < deadline
        time.sleep(0.02)
    os.kill(child.pid, signal.SIGINT)  # what Ctrl-C sends to the whole process group
    while not (child.folder / "after-ctrl-c").exists():
        assert time.time() < deadline, "SIGINT stopped the work"
        time.sleep(0.02)
    assert child.wait(0.1) == "chưa xong"
    started = time.monotonic()
    child.stop()
    assert time.monotonic() - started < 10 and not child.running and child.exitcode == -signal.SIGTERM
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "KeyboardInterrupt" not in out + err


def test_the_child_logs_nothing(tmp_path: Path, capfd) -> None:
    import logging

    def work(folder: Path) -> None:
        logging.getLogger("mkdocs.plugins.bantin").warning("không được in ra")

    handler = logging.StreamHandler()
    logging.getLogger("mkdocs.plugins.bantin").addHandler(handler)
    try:
        child = forked.Forked(work, tmp_path)
        assert child.wait(60) is None
        child.stop()
    finally:
        logging.getLogger("mkdocs.plugins.bantin").removeHandler(handler)
    out, err = capfd.readouterr()
    assert "không được in ra" not in out + err


def test_the_work_may_use_worker_processes_of_its_own(tmp_path: Path) -> None:
    """The search index's analyses run in a pool of workers (site/search.py): the child may start
    processes (a multiprocessing daemon may not)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    def work(folder: Path) -> None:
        with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
            (folder / "done").write_text(repr(list(pool.map(abs, [-1, -2, -3]))), encoding="utf-8")

    child = forked.Forked(work, tmp_path)
    assert child.wait(60) is None
    assert (child.folder / "done").read_text(encoding="utf-8") == "[1, 2, 3]"
    child.stop()
