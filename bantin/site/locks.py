"""Advisory locks on folders that several bantin processes share (the photo and search caches).

A lock is taken shared by each process using what the folder holds, exclusive to remove from
it; locks opened in a build are closed in its forked photo workers.
"""

from __future__ import annotations

import os
import sys
import weakref
from contextlib import contextmanager, suppress
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock; FolderLock then locks nothing and cleaning is skipped
    fcntl = None  # type: ignore[assignment]

_OPEN_LOCKS: weakref.WeakSet = weakref.WeakSet()


class FolderLock:
    """An advisory lock (`fcntl.flock`) on a file in a folder that bantin processes share.

    Taken shared by each process using what the folder holds, exclusive to remove from it. The
    kernel drops a lock when its holder dies, however it dies (SIGKILL included), so a killed
    build never blocks the next one. Two FolderLock objects conflict even within one process.
    Where there is no flock (Windows, some network file systems) `shared()` locks nothing and
    `exclusive()` fails: callers then skip the removals that need it. The lock file stays: a
    lock file removed while others wait on it would make two locks.
    """

    def __init__(self, path: Path, message: str = ""):
        self.path, self.message = path, message
        self.fd: int | None = None
        self.told = False
        _OPEN_LOCKS.add(self)

    def shared(self) -> bool:
        """Take the lock shared, waiting while a process holds it exclusive (saying so, once)."""
        return self._take(fcntl.LOCK_SH if fcntl else 0, wait=True)

    def exclusive(self, *, wait: bool) -> bool:
        """Take the lock exclusive; without `wait`, False at once if anyone else holds it. A
        failed conversion from shared may have dropped the shared lock (Linux does): take it again."""
        return self._take(fcntl.LOCK_EX if fcntl else 0, wait=wait)

    def _take(self, op: int, *, wait: bool) -> bool:
        if fcntl is None:
            return False
        try:
            if self.fd is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
            try:
                fcntl.flock(self.fd, op | fcntl.LOCK_NB)
            except BlockingIOError:
                if not wait:
                    return False
                if self.message and not self.told:
                    self.told = True
                    print(self.message, file=sys.stderr, flush=True)
                fcntl.flock(self.fd, op)
        except OSError:  # a file system without locks (ENOLCK, EOPNOTSUPP), a folder not writable
            return False
        return True

    def release(self) -> None:
        if self.fd is not None and fcntl is not None:
            with suppress(OSError):
                fcntl.flock(self.fd, fcntl.LOCK_UN)

    @contextmanager
    def held(self):
        """Exclusive for the length of a `with` block, waiting for it."""
        locked = self.exclusive(wait=True)
        try:
            yield locked
        finally:
            if locked:
                self.release()

    def close(self) -> None:
        fd, self.fd = self.fd, None
        if fd is not None:
            with suppress(OSError):
                os.close(fd)

    def __del__(self) -> None:
        with suppress(Exception):
            self.close()


def _forget_inherited_locks() -> None:
    """In a forked child (a photo worker): close the parent's lock files. A flock belongs to the
    open file, shared with every fork; a worker orphaned by a killed build would keep it held."""
    for lock in list(_OPEN_LOCKS):
        lock.close()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_inherited_locks)
