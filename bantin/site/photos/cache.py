"""The renditions on disk (`.cache/bantin/`): one folder per (content hash, settings), written
atomically, shared by every bantin process on the project, cleaned only when none other uses it.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
from contextlib import suppress
from pathlib import Path

from bantin.site.locks import FolderLock
from bantin.site.photos.hashes import SourceHashes
from bantin.site.photos.renditions import ImageMeta, Rendition, Settings

WAIT_MESSAGE = "Đang chờ một lần xây dựng khác dùng chung bộ nhớ đệm ảnh…"


class ImageCache:
    """Renditions on disk, one folder per (content hash, settings); written atomically.

    `index.json` remembers the hash of each source by (size, mtime) (`hashes`), so an unchanged
    photo is neither hashed nor decoded again.

    Several bantin processes may share the folder (two builds, a build beside `serve`):
    - each uses it under a shared lock (`use.lock`) from its first look-up until `close()`,
      because MkDocs copies the renditions long after `process()` returns;
    - an entry is rendered in a staging folder of its own (`tmp/<pid>-<random>`) and enters
      the cache by one rename: whole or absent, and the first of two equal entries wins;
    - `index.json` is merged, not overwritten, one writer at a time (`write.lock`), through a
      temporary file of the writer's own;
    - `clean()` removes only when no other process uses the folder (exclusive `use.lock`,
      never waited for): otherwise it leaves stale entries to a later build.
    """

    def __init__(self, folder: Path, settings: Settings):
        self.folder = folder
        self.settings = settings
        self.suffix = settings.key()
        self.hashes = SourceHashes(folder / "index.json", folder / "tmp")
        self.using = FolderLock(folder / "use.lock", WAIT_MESSAGE)
        self.writing = FolderLock(folder / "write.lock")  # held for moments: no need to say so

    def use(self) -> None:
        """Hold the cache shared (waiting while another process cleans it) until `close()`."""
        self.using.shared()

    def close(self) -> None:
        """Done with the files of this cache: another process may now clean them away."""
        self.using.close()
        self.writing.close()

    def __enter__(self) -> ImageCache:
        self.use()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def entry(self, sha: str) -> Path:
        return self.folder / sha[:2] / f"{sha}-{self.suffix}"

    def load(self, sha: str) -> ImageMeta | None:
        folder = self.entry(sha)
        try:
            data = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        renditions = tuple(Rendition(**r) for r in data["renditions"])
        if not all((folder / r.file).is_file() for r in renditions):
            return None
        return ImageMeta(sha, data["width"], data["height"], renditions, folder)

    def staging(self) -> Path:
        """A new folder of this process's own, to render one entry into."""
        self.use()
        (self.folder / "tmp").mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=self.folder / "tmp"))

    def commit(self, sha: str, staged: Path, data: dict) -> ImageMeta:
        """Move a finished staging folder into place: an entry is whole or absent.

        Raises OSError when the entry can be neither placed nor found (a full disk, say)."""
        self.use()
        (staged / "meta.json").write_text(json.dumps(data), encoding="utf-8")
        final = self.entry(sha)
        final.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.rename(staged, final)  # fails if the entry exists: another process was first
        except OSError:
            pass
        meta = self.load(sha)
        if meta is None:  # an entry broken by something else (files deleted by hand, a crash)
            meta = self._replace_broken(sha, staged)
        if staged.exists():
            shutil.rmtree(staged, ignore_errors=True)
        return meta

    def _replace_broken(self, sha: str, staged: Path) -> ImageMeta:
        final = self.entry(sha)
        failure: OSError = FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(final))
        with self.writing.held():  # one repairer at a time; a whole entry is never replaced
            meta = self.load(sha)
            if meta is None:
                _discard(final, self.folder / "tmp")
                try:
                    os.rename(staged, final)
                except OSError as exc:
                    failure = exc
                meta = self.load(sha)
        if meta is None:
            raise failure
        return meta

    def save_index(self) -> None:
        """Write the index merged with what other processes wrote since it was read."""
        with self.writing.held():
            self.hashes.write()

    def clean(self, keep: set[str], sources: set[str]) -> int:
        """Remove entries whose hash is not in `keep`, index lines for vanished sources and what
        killed builds left in tmp/: only if no other process uses the cache (else 0, nothing).

        Returns the number of entries removed."""
        self.use()
        with self.writing.held() as serial:
            # With write.lock held nobody else can take use.lock exclusive: taking it shared
            # again after a failed conversion never waits, and nobody cleans meanwhile.
            if not serial or not self.using.exclusive(wait=False):
                self.using.shared()
                return 0
            try:
                removed = 0
                for bucket in self.folder.glob("??"):
                    if not bucket.is_dir():
                        continue
                    for entry in list(bucket.iterdir()):
                        sha, _, suffix = entry.name.partition("-")
                        if sha not in keep or suffix != self.suffix:
                            _discard(entry, self.folder / "tmp")
                            removed += 1
                for left in list((self.folder / "tmp").glob("*")) + [self.folder / "index.tmp"]:
                    if left.is_dir():
                        shutil.rmtree(left, ignore_errors=True)
                    elif left.exists():
                        with suppress(OSError):
                            left.unlink()
                self.hashes.write(keep=sources)
                return removed
            finally:
                self.using.shared()  # back to shared: our own entries stay until close()


def _discard(path: Path, scratch: Path) -> None:
    """Remove an entry by renaming it into `scratch` (tmp/) first: a removal cut short leaves no half entry."""
    target = path
    aside = scratch / f"{os.getpid()}-gone-{os.urandom(6).hex()}"
    with suppress(OSError):
        aside.parent.mkdir(parents=True, exist_ok=True)
        os.rename(path, aside)
        target = aside
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target, ignore_errors=True)
    elif target.exists() or target.is_symlink():
        with suppress(OSError):
            target.unlink()


_IN_USE: dict[str, ImageCache] = {}


def keep_in_use(cache: ImageCache) -> None:
    """Hold `cache` until this process uses the same folder again, or exits.

    MkDocs copies renditions from the cache after `publish` has returned; the cache of the
    previous build in this process (`bantin serve` rebuilding) is closed once this one holds."""
    cache.use()
    key = os.path.abspath(cache.folder)
    previous, _IN_USE[key] = _IN_USE.get(key), cache
    if previous is not None and previous is not cache:
        previous.close()
