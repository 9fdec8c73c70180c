"""Work done beside the build in a forked child process (part of the engine adapter; issue 21).

A build spends seconds on work that needs the project but nothing MkDocs makes afterwards, above
all the search index. Forked once the project is read, a child does it on another core while
the build renders pages; the build then waits for it and takes its result. The child inherits
the project in memory (nothing is pickled), prints nothing (Ctrl-C in the terminal reaches the
whole process group: the child ignores it, the build stops it), and ends with `os._exit`, so no
exit handler of the parent runs twice. What fails in the child is reported to the parent as one
line; the caller then does the work itself, where a fault is reported the usual way.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPORT = "fault.txt"  # in the child's folder: what failed, in one line


def available() -> bool:
    return hasattr(os, "fork") and "fork" in multiprocessing.get_all_start_methods()


class Forked:
    """`work(folder)` run in a child process, `folder` a new folder of its own.

    The child is made with os.fork, not multiprocessing: worker pools forked later from the build
    (engine/bodies.py) would otherwise find it in multiprocessing's list of children and stop it
    when they end."""

    def __init__(self, work: Callable[[Path], None], near: Path) -> None:
        near.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=".bantin-child-", dir=near))
        self.exitcode: int | None = None
        for stream in (sys.stdout, sys.stderr):  # else the child writes what is buffered again
            if stream is not None:
                stream.flush()
        self.pid = os.fork()
        if self.pid == 0:  # the child
            _run(work, self.folder)

    def _reap(self, block: bool) -> None:
        if self.exitcode is not None:
            return
        try:
            pid, status = os.waitpid(self.pid, 0 if block else os.WNOHANG)
        except ChildProcessError:  # already reaped
            self.exitcode = self.exitcode if self.exitcode is not None else -1
            return
        if pid == self.pid:
            self.exitcode = os.waitstatus_to_exitcode(status)

    @property
    def running(self) -> bool:
        self._reap(block=False)
        return self.exitcode is None

    def wait(self, timeout: float | None = None) -> str | None:
        """Wait for the child: None when its work is done, else why not (one line)."""
        if timeout is None:
            self._reap(block=True)
        else:
            deadline = time.monotonic() + timeout
            while self.running and time.monotonic() < deadline:
                time.sleep(0.01)
        if self.exitcode is None:
            return "chưa xong"
        if self.exitcode == 0:
            return None
        try:
            return (self.folder / REPORT).read_text(encoding="utf-8").strip() or f"mã thoát {self.exitcode}"
        except OSError:
            return f"mã thoát {self.exitcode}"  # killed (out of memory), or it could not say

    def stop(self) -> None:
        """Stop the child if it still runs, and wait for it (no process is left behind)."""
        if self.running:
            try:
                os.kill(self.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        self._reap(block=True)


def _run(work: Callable[[Path], None], folder: Path) -> None:
    """The child's whole life: it never returns."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        logging.disable(logging.CRITICAL)  # the build says what it does; the child is silent
        work(folder)
        code = 0
    except BaseException as exc:  # noqa: BLE001 - said to the parent, which reports it its own way
        try:
            (folder / REPORT).write_text(f"{type(exc).__name__}: {exc}".replace("\n", " "), encoding="utf-8")
        except BaseException:  # noqa: BLE001, S110 - nothing more to say it with
            pass
    finally:
        os._exit(code)
