"""Every photo of a build through the cache: cached renditions reused untouched, new ones
rendered in worker processes, failures kept per photo; and the progress line on a terminal.

`process()` takes {source: absolute file} and knows nothing of posts, pages or MkDocs.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import sys
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bantin.site.photos.cache import ImageCache
from bantin.site.photos.opening import ImageError
from bantin.site.photos.render import render
from bantin.site.photos.renditions import ImageMeta, Settings


@dataclass
class Stats:
    photos: int = 0
    hashed: int = 0
    rendered: int = 0
    cleaned: int = 0


# Errors of the machine rather than of a photo (disk full, no permission to write the cache…).
ENVIRONMENT_FAULTS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EMFILE,
                      errno.ENFILE, errno.ENOMEM, errno.EIO}
UNPROCESSABLE = ("không xử lý được ảnh", "mở thử ảnh trên máy; chụp hoặc xuất lại ảnh JPEG")  # message, hint


def _worker_start() -> None:
    """Ctrl-C is the command's to handle (it stops the pool): workers ignore it, whatever the
    start method (fork inherits the command's handler; spawn and forkserver would not)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _work(job: tuple[str, str, Settings]) -> tuple[str, dict | None, tuple[str, str] | None]:
    """Render one photo into its staging folder (runs in a worker process)."""
    src, staged, settings = job
    try:
        return staged, render(Path(src), Path(staged), settings), None
    except ImageError as exc:
        return staged, None, (exc.message, exc.hint)
    except Exception as exc:  # noqa: BLE001 - any decoder failure is a bad photo, not a crash
        if isinstance(exc, OSError) and exc.errno in ENVIRONMENT_FAULTS:
            raise  # the disk or the system, not the photo: the command reports it
        return staged, None, UNPROCESSABLE


def process(
    sources: Mapping[str, Path],
    cache: ImageCache,
    *,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[dict[str, ImageMeta], dict[str, ImageError], Stats]:
    """Renditions for every source ({name: file}); cached ones are reused untouched."""
    stats = Stats(photos=len(sources))
    done: dict[str, ImageMeta] = {}
    failed: dict[str, ImageError] = {}
    todo: dict[str, list[str]] = {}  # sha → names sharing that content
    files: dict[str, Path] = {}
    cache.use()  # from the first look-up: no other process may clean an entry found here
    for name, path in sources.items():
        try:
            sha = cache.hashes.sha(path)
        except OSError as exc:
            if exc.errno in ENVIRONMENT_FAULTS:  # the machine, not the photo: the command says so
                raise
            failed[name] = ImageError("không đọc được tệp ảnh", "mở thử ảnh trên máy; chép lại tệp từ máy ảnh")
            continue
        meta = cache.load(sha)
        if meta is not None:
            done[name] = meta
        else:
            todo.setdefault(sha, []).append(name)
            files[sha] = path
    stats.hashed = cache.hashes.hashed
    jobs = [(str(files[sha]), str(cache.staging()), cache.settings) for sha in todo]
    by_staged = {job[1]: sha for job, sha in zip(jobs, todo, strict=True)}
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    results: Iterable = ()
    if jobs:
        if workers == 1:
            results = map(_work, jobs)
        else:
            pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_start)
            results = pool.map(_work, jobs, chunksize=1)
    try:
        for count, (staged, data, error) in enumerate(results, 1):
            sha = by_staged[staged]
            if error is not None:
                shutil.rmtree(staged, ignore_errors=True)
                for name in todo[sha]:
                    failed[name] = ImageError(*error)
            else:
                meta = cache.commit(sha, Path(staged), data)
                for name in todo[sha]:
                    done[name] = meta
                stats.rendered += 1
            if progress:
                progress(count, len(jobs))
    finally:
        if jobs and workers > 1:
            pool.shutdown(cancel_futures=True)
        for _, staged, _ in jobs:
            if Path(staged).exists():
                shutil.rmtree(staged, ignore_errors=True)
    cache.save_index()
    return done, failed, stats


def terminal_progress(label: str = "Đang xử lý ảnh") -> Callable[[int, int], None] | None:
    """A one-line progress counter on a terminal; None (silent) in CI logs and pipes."""
    if not sys.stderr.isatty():
        return None

    def show(count: int, total: int) -> None:
        width = 30
        filled = width * count // total
        sys.stderr.write(f"\r{label}: [{'#' * filled}{'.' * (width - filled)}] {count}/{total}")
        if count == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show
