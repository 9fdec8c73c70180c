"""Photo renditions: sized WebP + JPEG, rotated, sRGB, stripped of metadata, cached by content.

Pure functions over files, plus a small cache object. Nothing here knows about posts,
pages or MkDocs: `process()` takes {source path: absolute file} and returns metadata.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import warnings
import weakref
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

try:
    import fcntl
except ImportError:  # Windows: no flock; FolderLock then locks nothing and cleaning is skipped
    fcntl = None  # type: ignore[assignment]

PIPELINE_VERSION = 1  # bump when the output of render() changes for the same settings
FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "MPO": "JPEG"}  # MPO: JPEG from phones
ORIENTATION = 0x0112
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@dataclass(frozen=True)
class Settings:
    widths: tuple[int, ...] = (320, 640, 1280, 1920)
    jpeg_quality: int = 80
    webp_quality: int = 76
    webp_method: int = 4  # 0 fast … 6 small; 4 is Pillow's default balance
    max_pixels: int = 100_000_000  # larger is a decompression bomb, not a photo

    def key(self) -> str:
        return hashlib.sha1(repr((PIPELINE_VERSION, self)).encode()).hexdigest()[:10]


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    format: str  # "webp" or "jpeg"
    file: str  # name inside the cache entry
    bytes: int


@dataclass(frozen=True)
class ImageMeta:
    """A processed photo: the oriented size of the original and its renditions."""

    sha: str
    width: int
    height: int
    renditions: tuple[Rendition, ...]
    folder: Path = field(compare=False)

    def of(self, fmt: str) -> list[Rendition]:
        return sorted((r for r in self.renditions if r.format == fmt), key=lambda r: r.width)

    def fallback(self, width: int = 640) -> Rendition:
        """The JPEG that plain <img src> shows: the widest not above `width`, or the smallest."""
        jpegs = self.of("jpeg")
        fitting = [r for r in jpegs if r.width <= width]
        return fitting[-1] if fitting else jpegs[0]

    def largest(self, fmt: str = "jpeg") -> Rendition:
        return self.of(fmt)[-1]


class ImageError(Exception):
    """A photo that cannot be published; message and hint are Vietnamese, for editors."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint


def target_widths(width: int, widths: Iterable[int]) -> list[int]:
    """Rendition widths for an original `width` pixels wide: never wider than the original."""
    below = sorted({w for w in widths if w < width})
    top = min(width, max(widths))
    return below + [top] if top not in below else below


CAMERA_MAX = 4  # × max_pixels: up to this, a photo too large to publish as is; beyond, a decompression bomb


class TooLarge(ImageError):
    """A photo over `max_pixels` that a camera could have taken (phones shoot 108–200 MP):
    `bantin photos add --thu-nho` keeps a smaller copy of it."""

    def __init__(self, size: str, pixels: int, settings: Settings):
        limit = f"{settings.max_pixels / 1e6:.0f} triệu"
        super().__init__(f"ảnh quá lớn ({size} điểm ảnh, quá giới hạn {limit})",
                         f"dùng bản nhỏ hơn {limit} điểm ảnh: 'bantin photos add --thu-nho BÀI.md ẢNH' "
                         "lưu một bản thu nhỏ, ảnh gốc giữ nguyên")
        self.pixels = pixels


def open_checked(path: Path, settings: Settings) -> Image.Image:
    """Open a photo, refusing non-images, unsupported formats and decompression bombs."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # max_pixels decides below
            im = Image.open(path)
    except Image.DecompressionBombError as exc:  # over twice Pillow's limit: not even opened
        found = re.search(r"\((\d+) pixels\)", str(exc))
        if found and int(found.group(1)) <= CAMERA_MAX * settings.max_pixels:
            raise TooLarge(f"{int(found.group(1)) / 1e6:.0f} triệu", int(found.group(1)), settings) from None
        size = f"{int(found.group(1)) / 1e6:.0f} triệu điểm ảnh" if found else "quá nhiều điểm ảnh"
        raise ImageError(f"ảnh có {size}, quá giới hạn {settings.max_pixels / 1e6:.0f} triệu (nghi là 'bom giải nén')",
                         "dùng ảnh chụp bình thường, dưới 100 triệu điểm ảnh") from None
    except UnidentifiedImageError:
        raise ImageError("tệp không phải là ảnh, hoặc đã hỏng", "mở thử tệp; chụp hoặc xuất lại ảnh JPEG") from None
    except PermissionError:
        raise ImageError("không có quyền đọc tệp ảnh", "kiểm tra quyền của tệp (chmod a+r)") from None
    except OSError:  # Pillow's "Truncated File Read" and the like: the header itself is cut
        raise ImageError("ảnh bị hỏng hoặc không đầy đủ", "tệp có thể bị cắt khi sao chép; chép lại ảnh gốc") from None
    if im.format not in FORMATS:
        im.close()
        raise ImageError(f"định dạng ảnh {im.format} chưa được hỗ trợ", "chuyển ảnh sang JPEG hoặc PNG")
    if im.width * im.height > settings.max_pixels:
        size, pixels = f"{im.width}×{im.height}", im.width * im.height
        im.close()
        if pixels <= CAMERA_MAX * settings.max_pixels:
            raise TooLarge(size, pixels, settings)
        raise ImageError(f"ảnh quá lớn ({size} điểm ảnh, quá giới hạn {settings.max_pixels / 1e6:.0f} triệu)",
                         "thu nhỏ ảnh, dưới 100 triệu điểm ảnh")
    return im


def render(src: Path, out: Path, settings: Settings) -> dict:
    """Write every rendition of `src` into the folder `out`; return the metadata as a dict.

    The JPEG is decoded once, in draft mode (DCT scaling) at the smallest scale that still
    covers the widest rendition; each smaller size is resized from the previous one.
    """
    with open_checked(src, settings) as im:
        orientation = im.getexif().get(ORIENTATION, 1)
        rotated = orientation in (5, 6, 7, 8)
        width, height = (im.height, im.width) if rotated else im.size
        widths = target_widths(width, settings.widths)
        top = widths[-1]
        top_height = max(1, round(height * top / width))
        if im.format in ("JPEG", "MPO"):
            im.draft("RGB", (top_height, top) if rotated else (top, top_height))
        icc = im.info.get("icc_profile")
        try:
            im.load()
        except (OSError, SyntaxError, ValueError):
            raise ImageError("ảnh bị hỏng hoặc không đầy đủ",
                             "tệp có thể bị cắt khi sao chép; chép lại ảnh gốc") from None
        picture = ImageOps.exif_transpose(im)
    picture = _to_srgb(picture, icc)
    has_alpha = picture.mode in ("RGBA", "LA") or "transparency" in picture.info
    picture = picture.convert("RGBA" if has_alpha else "RGB")
    renditions = []
    for w in reversed(widths):
        h = max(1, round(height * w / width))
        if picture.size != (w, h):
            picture = picture.resize((w, h), Image.Resampling.LANCZOS, reducing_gap=3.0)
        # Neither call passes exif/icc/xmp: the published files carry no metadata at all.
        picture.save(out / f"{w}.webp", "WEBP", quality=settings.webp_quality, method=settings.webp_method)
        flat = _flatten(picture) if has_alpha else picture
        flat.save(out / f"{w}.jpg", "JPEG", quality=settings.jpeg_quality, optimize=True, progressive=True)
        for fmt, name in (("webp", f"{w}.webp"), ("jpeg", f"{w}.jpg")):
            renditions.append({"width": w, "height": h, "format": fmt, "file": name,
                               "bytes": (out / name).stat().st_size})
    return {"width": width, "height": height, "renditions": renditions}


def _to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    if im.mode == "CMYK" and not icc:
        return im.convert("RGB")
    if not icc:
        return im
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if im.mode in ("RGBA", "LA") else "RGB"
        converted = ImageCms.profileToProfile(im, source, _SRGB, outputMode=mode)
        return converted if converted is not None else im
    except (ImageCms.PyCMSError, OSError, ValueError):
        return im.convert("RGB") if im.mode == "CMYK" else im  # a broken profile: keep the pixels


def _flatten(im: Image.Image) -> Image.Image:
    background = Image.new("RGB", im.size, (255, 255, 255))
    background.paste(im, mask=im.getchannel("A"))
    return background


def file_sha(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


WAIT_MESSAGE = "Đang chờ một lần xây dựng khác dùng chung bộ nhớ đệm ảnh…"
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


class ImageCache:
    """Renditions on disk, one folder per (content hash, settings); written atomically.

    `index.json` remembers the hash of each source by (size, mtime), so an unchanged
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
        self.index_path = folder / "index.json"
        try:
            self.index: dict = json.loads(self.index_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.index = {}
        if not isinstance(self.index, dict):
            self.index = {}
        self.changed: dict = {}  # index lines of this process, merged into the file on save
        self.hashed = 0
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

    def sha(self, path: Path) -> str:
        stat = path.stat()
        key = str(path)
        known = self.index.get(key)
        if known and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
            return known[2]
        sha = file_sha(path)
        self.hashed += 1
        self.index[key] = self.changed[key] = [stat.st_size, stat.st_mtime_ns, sha]
        return sha

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
                self._discard(final)
                try:
                    os.rename(staged, final)
                except OSError as exc:
                    failure = exc
                meta = self.load(sha)
        if meta is None:
            raise failure
        return meta

    def _discard(self, path: Path) -> None:
        """Remove an entry by renaming it into tmp/ first: a removal cut short leaves no half entry."""
        target = path
        aside = self.folder / "tmp" / f"{os.getpid()}-gone-{os.urandom(6).hex()}"
        with suppress(OSError):
            aside.parent.mkdir(parents=True, exist_ok=True)
            os.rename(path, aside)
            target = aside
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target, ignore_errors=True)
        elif target.exists() or target.is_symlink():
            with suppress(OSError):
                target.unlink()

    def save_index(self) -> None:
        """Write the index merged with what other processes wrote since it was read."""
        with self.writing.held():
            self._write_index()

    def _write_index(self, keep: set[str] | None = None) -> None:
        """Merge and write the index (`write.lock` held); with `keep`, only those sources' lines."""
        try:
            disk = json.loads(self.index_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            disk = {}
        if not isinstance(disk, dict):
            disk = {}
        disk.update(self.changed)
        if keep is not None:
            disk = {k: v for k, v in disk.items() if k in keep}
        self.index, self.changed = disk, {}
        tmp = self.folder / "tmp" / f"{os.getpid()}-index-{os.urandom(6).hex()}.json"
        try:
            tmp.parent.mkdir(parents=True, exist_ok=True)
            with open(tmp, "x", encoding="utf-8") as f:  # not mkstemp: the umask decides the mode
                json.dump(disk, f)
            os.replace(tmp, self.index_path)
        except OSError:  # the index only spares hashing: a build does not fail for it
            with suppress(OSError):
                tmp.unlink()

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
                            self._discard(entry)
                            removed += 1
                for left in list((self.folder / "tmp").glob("*")) + [self.folder / "index.tmp"]:
                    if left.is_dir():
                        shutil.rmtree(left, ignore_errors=True)
                    elif left.exists():
                        with suppress(OSError):
                            left.unlink()
                self._write_index(keep=sources)
                return removed
            finally:
                self.using.shared()  # back to shared: our own entries stay until close()


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


@dataclass
class Stats:
    photos: int = 0
    hashed: int = 0
    rendered: int = 0
    cleaned: int = 0


# Errors of the machine rather than of a photo (disk full, no permission to write the cache…).
ENVIRONMENT_FAULTS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EMFILE,
                      errno.ENFILE, errno.ENOMEM, errno.EIO}


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
    except OSError as exc:
        if exc.errno in ENVIRONMENT_FAULTS:  # the disk or the system, not the photo: the command reports it
            raise
        return staged, None, ("không xử lý được ảnh", "mở thử ảnh trên máy; chụp hoặc xuất lại ảnh JPEG")
    except Exception:  # noqa: BLE001 - any decoder failure is a bad photo, not a crash
        return staged, None, ("không xử lý được ảnh", "mở thử ảnh trên máy; chụp hoặc xuất lại ảnh JPEG")


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
            sha = cache.sha(path)
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
    stats.hashed = cache.hashed
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
