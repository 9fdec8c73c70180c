"""Work done beside the preview or the build in a forked child process (part of the engine
adapter; issue 21).

The preview remakes its search index after each rebuild (engine/quick.py: Search), and a build
makes it while MkDocs renders the pages (engine/plugin.py): seconds of pure-Python work that
needs the project read, nothing else. Forked, a child does it on another core without the
parent's GIL; it inherits the project in memory (nothing is pickled), prints and logs nothing,
ignores Ctrl-C (which reaches the whole process group: the parent ends it), unwinds its
`finally` blocks when the parent ends it (SIGTERM), and leaves by os._exit, so no exit handler of
the parent runs twice. What fails in it is said to the parent in one line (`ChildFailed`); the
parent then says it, or does the work itself.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import shutil
import signal
import stat
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path


def can_fork() -> bool:
    """Whether a child can be forked (not on Windows)."""
    return "fork" in multiprocessing.get_all_start_methods()


class ChildFailed(Exception):
    """The child failed; the message is its one line."""


FAILED = "failed.txt"  # in the child's folder: `TypeName: message` when its build raised
_STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
_KILL_AFTER = 2.0  # seconds a cancelled child may take to end before it is killed


class Child:
    """One child process doing `work(folder)`; only the one waiting for it reaps it
    (`succeeded`), so no zombie is left and no pid is signalled after its reaping."""

    def __init__(self, process, folder: Path) -> None:
        self.process, self.folder = process, folder
        self.cancelled = False

    @classmethod
    def fork(cls, work: Callable[[Path], None], folder: Path, *, daemon: bool = True) -> Child:
        """`daemon`: ended with this process if it is still running then; a daemon may not start
        processes of its own (a build's search index uses a pool of workers: daemon=False)."""
        for stream in (sys.stdout, sys.stderr):  # else what is buffered here is written twice
            if stream is not None:
                stream.flush()
        process = multiprocessing.get_context("fork").Process(
            target=_child_main, args=(work, folder), name="bantin-child", daemon=daemon)
        # Ctrl-C, SIGTERM and SIGHUP stay blocked in the child until it has set its own handlers
        # (the command's would run in it otherwise: they ignore signals outside the command's pid).
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        return cls(process, folder)

    def cancel(self) -> None:
        """Stale: end it now (lock held: the waiting thread reaps it under the same lock). It
        unwinds in milliseconds; one that does not is killed after _KILL_AFTER seconds."""
        self.cancelled = True
        self.process.terminate()

    def end(self) -> None:
        """No longer wanted (a failed or ended build): end it, reap it, and remove its folder."""
        self.cancel()
        try:
            self.succeeded(threading.Lock())
        except ChildFailed:
            pass
        shutil.rmtree(self.folder, ignore_errors=True)

    def succeeded(self, lock: threading.Lock) -> bool:
        """Wait for the child to end: True if it made its index, False if cancelled; ChildFailed
        if it failed or died otherwise (killed for memory…)."""
        from multiprocessing.connection import wait

        process = self.process
        while not wait([process.sentinel], _KILL_AFTER):
            with lock:
                if self.cancelled:
                    process.kill()
        with lock:
            process.join()
        code = process.exitcode
        for _ in range(100):  # another thread starting a process may have reaped it: it sets the code next
            if code is not None:
                break
            time.sleep(0.01)
            code = process.exitcode
        if self.cancelled:
            return False
        if code == 0:
            return True
        try:
            line = (self.folder / FAILED).read_text(encoding="utf-8").strip()
        except OSError:
            line = ""
        if not line:
            how = f"tín hiệu {signal.Signals(-code).name}" if code is not None and code < 0 else f"mã {code}"
            line = f"tiến trình tạo chỉ mục dừng bất thường ({how})"
        raise ChildFailed(line)


def _child_main(work: Callable[[Path], None], folder: Path) -> None:
    """The child's whole life: do `work(folder)`, print nothing, and leave by os._exit (no atexit
    handler or finalizer of the parent runs here: the preview's site and scratch folders, a
    build's staging folder, are the parent's to remove)."""
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the preview stops it
        if hasattr(signal, "SIGHUP"):
            signal.signal(signal.SIGHUP, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, _stale)  # how a newer rebuild ends it
        signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
        gc.freeze()  # collections skip the preview's objects: no copy of its memory, no time spent
        logging.disable(logging.CRITICAL)  # the preview's handlers are the preview's
        _quiet()
        work(folder)
        code = 0
    except _Stale:
        code = 128 + signal.SIGTERM  # as a shell says it; the preview expects it, says nothing
    except BaseException as exc:  # noqa: BLE001 - said by the preview in one line, from this file
        try:
            message = " ".join(str(exc).split())  # one line
            line = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
            (folder / FAILED).write_text(line, encoding="utf-8")
        except BaseException:  # noqa: BLE001, S110 - the exit code still says it failed
            pass
    finally:
        os._exit(code)


class _Stale(BaseException):
    """The parent ended the child (SIGTERM: a newer rebuild, a failed build): it stops where it
    is, its `finally` blocks removing what it was writing into the shared search cache
    (search.build_cached's staging)."""


def _stale(signum, frame) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second one ends it at once
    raise _Stale


def _quiet() -> None:
    """Standard output and error to /dev/null, and the preview's sockets (its server's, its
    browsers' connections) let go of: the child holds no port or connection open."""
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (1, 2):
        os.dup2(null, fd)
    # Python's own streams too (they may not write to those descriptors; their buffers, holding
    # what the preview had not written yet, are never flushed here).
    sys.stdout = sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - open until os._exit
    fds = "/proc/self/fd" if os.path.isdir("/proc/self/fd") else "/dev/fd"
    try:
        names = os.listdir(fds)
    except OSError:
        names = []
    for name in names:
        try:
            fd = int(name)
            if fd > 2 and fd != null and stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.dup2(null, fd)  # not closed: the number stays taken, whatever still holds it
        except (OSError, ValueError):
            continue
