"""A file written whole or not at all: the build caches' one way to keep what they hold."""

from __future__ import annotations

import os
from pathlib import Path


def write_whole(path: Path, blob: bytes) -> None:
    """`blob` at `path`, written beside it and renamed over it, so a reader (or two builds at once)
    sees the old file or the new one, never half of one; on OSError (a full disk, no permission)
    nothing is left behind and the error goes on to the command, which says it in Vietnamese."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(blob)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise
