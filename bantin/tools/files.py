"""Files the editors' commands create: whole or not at all, never in place of an existing one.

`create_new` writes a new file beside its name and links it into place whole; `make_folders`
and `remove_new` let a command that fails or is interrupted remove what it had already added.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO


def create_new(target: Path, write: Callable[[BinaryIO], object], *, like: Path | None = None) -> None:
    """Create `target` whole or not at all, and never in place of an existing file.

    `write` fills a hidden temporary file beside it, which is then hard-linked to its name: the
    link fails if the name is taken, and a file that could not be written whole (disk full,
    Ctrl-C) never appears under it. Where hard links are refused (FAT, some network drives) the
    name is reserved first, then replaced by the finished file. `like`: copy its times and mode.
    Raises FileExistsError if `target` exists.
    """
    for _ in range(100):
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # the umask decides the mode
            break
        except FileExistsError:
            continue
    else:  # pragma: no cover - a hundred random names taken
        raise FileExistsError(errno.EEXIST, "temporary names taken", str(target))
    try:
        try:
            with os.fdopen(fd, "wb") as f:
                write(f)
        except OSError as exc:
            if exc.filename is None:  # write() errors name no file: name the one being made
                raise OSError(exc.errno, exc.strerror, str(target)) from exc
            raise
        if like is not None:
            shutil.copystat(like, tmp)
        try:
            os.link(tmp, target)
        except FileExistsError:
            raise
        except OSError:  # no hard links here: reserve the name, then put the whole file there
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
            try:
                os.replace(tmp, target)
            except BaseException:
                with suppress(OSError):
                    os.unlink(target)
                raise
    finally:
        with suppress(FileNotFoundError):
            os.unlink(tmp)


def make_folders(folder: Path) -> list[Path]:
    """`mkdir -p`, returning the folders it made (outermost first), for `remove_new` to undo."""
    made = []
    for parent in reversed([folder, *folder.parents]):
        if not parent.exists():
            parent.mkdir(exist_ok=True)
            made.append(parent)
    return made


def remove_new(files: Sequence[Path], folders: Sequence[Path] = ()) -> None:
    """Undo a command's additions: the files it created, then the folders it made if now empty."""
    for path in files:
        with suppress(OSError):
            path.unlink()
    for folder in reversed(list(folders)):
        with suppress(OSError):
            folder.rmdir()
