"""A file written whole or not at all: the build caches' one way to keep what they hold."""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

_CHUNK = 1 << 20  # characters of JSON encoded and compressed at a time


def write_whole(path: Path, blob: bytes) -> None:
    """`blob` at `path`, written beside it and renamed over it, so a reader (or two builds at once)
    sees the old file or the new one, never half of one; on OSError (a full disk, no permission)
    nothing is left behind and the error goes on to the command, which says it in Vietnamese."""
    _whole(path, lambda temporary: temporary.write_bytes(blob))


def write_whole_parts(path: Path, parts: Iterable[bytes]) -> None:
    """As write_whole, the file's bytes given in parts (made while they are written)."""

    def write(temporary: Path) -> None:
        with temporary.open("wb") as out:
            for part in parts:
                out.write(part)

    _whole(path, write)


def _whole(path: Path, write: Callable[[Path], object]) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write(temporary)
        os.replace(temporary, path)
    except BaseException:  # a full disk, no permission, Ctrl-C: nothing is left behind
        temporary.unlink(missing_ok=True)
        raise


def json_z(data: object, *, errors: str = "strict", **options: object) -> Iterator[bytes]:
    """zlib.compress(json.dumps(data, ensure_ascii=False, **options).encode("utf-8", errors), 1),
    in parts: the whole JSON text is never in memory (at 10,000 posts the page sources' is 600 MB)."""
    encoder = json.JSONEncoder(ensure_ascii=False, **options)  # type: ignore[arg-type]
    return compressed(encoder.iterencode(data), errors=errors)


def compressed(texts: Iterable[str], *, errors: str = "strict") -> Iterator[bytes]:
    """zlib.compress("".join(texts).encode("utf-8", errors), 1), a part at a time."""
    packer = zlib.compressobj(1)
    pending: list[str] = []
    size = 0
    for piece in texts:
        pending.append(piece)
        size += len(piece)
        if size >= _CHUNK:
            yield packer.compress("".join(pending).encode("utf-8", errors))
            pending, size = [], 0
    yield packer.compress("".join(pending).encode("utf-8", errors))
    yield packer.flush()
