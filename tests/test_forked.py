"""Work beside the build in a forked child (engine/forked.py), as the build uses it: done in
another process that may start workers of its own, silent, deaf to Ctrl-C, ended by the parent
with its `finally` blocks run, and what fails is said in one line. (The preview's use, the
search index after each rebuild, is tested in tests/test_quick.py.)"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from bantin.engine import forked

pytestmark = pytest.mark.skipif(not forked.can_fork(), reason="no fork on this platform")


def fork(work, tmp_path: Path) -> forked.Child:
    folder = tmp_path / "child"
    folder.mkdir()
    return forked.Child.fork(work, folder, daemon=False)


def test_the_work_runs_in_another_process_that_may_start_workers(tmp_path: Path) -> None:
    """A build's search index makes its analyses in a pool of workers (site/search.py)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    def work(folder: Path) -> None:
        with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
            found = list(pool.map(abs, [-1, -2, -3]))
        (folder / "done").write_text(f"{os.getpid()} {found}", encoding="utf-8")

    child = fork(work, tmp_path)
    assert child.succeeded(threading.Lock())
    pid, found = (child.folder / "done").read_text(encoding="utf-8").split(" ", 1)
    assert int(pid) != os.getpid() and found == "[1, 2, 3]"


def test_a_failure_is_one_line_for_the_parent(tmp_path: Path) -> None:
    def work(folder: Path) -> None:
        raise ValueError("hỏng\nở dòng hai")

    with pytest.raises(forked.ChildFailed, match=r"^ValueError: hỏng ở dòng hai$"):
        fork(work, tmp_path).succeeded(threading.Lock())


def test_a_child_killed_from_outside_says_so(tmp_path: Path) -> None:
    def work(folder: Path) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    with pytest.raises(forked.ChildFailed, match="SIGKILL"):
        fork(work, tmp_path).succeeded(threading.Lock())


def test_ctrl_c_does_not_reach_the_work_and_cancel_unwinds_it(tmp_path: Path, capfd) -> None:
    def work(folder: Path) -> None:
        try:
            (folder / "started").touch()
            time.sleep(0.5)
            (folder / "after-ctrl-c").touch()
            time.sleep(600)
        finally:
            (folder / "unwound").touch()  # what build_cached's staging cleanup relies on

    child = fork(work, tmp_path)
    deadline = time.time() + 30
    while not (child.folder / "started").exists():
        assert time.time() < deadline
        time.sleep(0.02)
    os.kill(child.process.pid, signal.SIGINT)  # what Ctrl-C sends to the whole process group
    while not (child.folder / "after-ctrl-c").exists():
        assert time.time() < deadline, "SIGINT stopped the work"
        time.sleep(0.02)
    started = time.monotonic()
    child.cancel()
    assert child.succeeded(threading.Lock()) is False
    assert time.monotonic() - started < 10 and not child.process.is_alive()
    assert (child.folder / "unwound").exists()
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "KeyboardInterrupt" not in out + err


def test_the_child_prints_and_logs_nothing(tmp_path: Path, capfd) -> None:
    import logging

    def work(folder: Path) -> None:
        logging.getLogger("mkdocs.plugins.bantin").warning("không được in ra")
        print("cũng không được in ra")  # noqa: T201 - what the test looks for

    handler = logging.StreamHandler()
    logging.getLogger("mkdocs.plugins.bantin").addHandler(handler)
    try:
        assert fork(work, tmp_path).succeeded(threading.Lock())
    finally:
        logging.getLogger("mkdocs.plugins.bantin").removeHandler(handler)
    out, err = capfd.readouterr()
    assert "được in ra" not in out + err


@pytest.mark.parametrize("slow", [True, False])
def test_end_stops_reaps_and_clears_a_child_running_or_failed(tmp_path: Path, slow: bool) -> None:
    """What a failed build does with its children: none left running, no zombie, no folder."""
    def work(folder: Path) -> None:
        (folder / "partial").write_text("x", encoding="utf-8")
        if slow:
            time.sleep(60)
        raise OSError(28, "No space left on device")

    child = fork(work, tmp_path)
    assert wait_for(lambda: (child.folder / "partial").exists())
    child.end()
    assert child.process.exitcode is not None and not child.folder.exists()


def wait_for(condition, seconds: float = 10) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return False
