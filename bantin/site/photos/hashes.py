"""The content hash of each photo, remembered by size and mtime in the cache's `index.json`.

The cache names its entries by content; hashing a photo reads all of it, so a file whose size
and modification time are unchanged is not hashed again. The file maps each source (an absolute
path) to `[size, mtime_ns, sha256]`. Several bantin processes share it: each merges its own
lines into what is on disk when it writes, one writer at a time (the cache's `write.lock`).
"""

from __future__ import annotations

import hashlib
import json
import os
from contextlib import suppress
from pathlib import Path


def file_sha(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _read(path: Path) -> dict:
    """The index as on disk; empty if it is missing, unreadable or not an object."""
    try:
        lines = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return lines if isinstance(lines, dict) else {}


class SourceHashes:
    """`index.json` of one cache as this process sees it: what it read plus what it hashed."""

    def __init__(self, path: Path, scratch: Path):
        self.path = path
        self.scratch = scratch  # the cache's tmp/: where a new index is written before it replaces the old
        self.lines = _read(path)
        self.changed: dict = {}  # lines of this process, merged into the file on write
        self.hashed = 0  # files this process has hashed

    def sha(self, path: Path) -> str:
        """The content hash of `path`: from the index if its size and mtime are as recorded."""
        stat = path.stat()
        key = str(path)
        known = self.lines.get(key)
        if known and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
            return known[2]
        sha = file_sha(path)
        self.hashed += 1
        self.lines[key] = self.changed[key] = [stat.st_size, stat.st_mtime_ns, sha]
        return sha

    def recorded(self, path: Path) -> str | None:
        """The hash last recorded for `path`, whether or not the file has changed since."""
        known = self.lines.get(str(path))
        return known[2] if known else None

    def write(self, keep: set[str] | None = None) -> None:
        """Merge this process's lines into the file and write it (the caller holds `write.lock`);
        with `keep`, only those sources' lines stay."""
        disk = _read(self.path)
        disk.update(self.changed)
        if keep is not None:
            disk = {k: v for k, v in disk.items() if k in keep}
        self.lines, self.changed = disk, {}
        tmp = self.scratch / f"{os.getpid()}-index-{os.urandom(6).hex()}.json"
        try:
            tmp.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "x", encoding="utf-8") as f:  # not mkstemp: the umask decides the mode
                json.dump(disk, f)
            os.replace(tmp, self.path)
        except OSError:  # the index only spares hashing: a build does not fail for it
            with suppress(OSError):
                tmp.unlink()
