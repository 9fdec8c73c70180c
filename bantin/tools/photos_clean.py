"""`bantin photos clean` as plain functions: GPS, camera serials, owner name and MakerNote taken
out of photo originals already in the repository, file by file, losslessly (`privacy`).

Each file is replaced whole (a temporary file beside it, renamed over it) and only when there was
something to remove, so a second run changes nothing. A file that is not a picture, or is cut,
is left as it is and reported; so is one the user may not write.
"""

from __future__ import annotations

import io
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from bantin.site.photos.opening import DAMAGED, ImageError, open_checked
from bantin.site.photos.renditions import Settings
from bantin.tools import privacy
from bantin.tools.errors import EditorError
from bantin.tools.privacy import NotCleanable, Private

SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}  # what the build publishes and `privacy` rewrites
_LIMITS = Settings()


@dataclass(frozen=True)
class Refused:
    """A photo left as it was, and why (Vietnamese, with the fix)."""

    path: Path
    message: str
    hint: str


def photo_files(root: Path, images_dir: str, given: list[Path]) -> list[Path]:
    """The photos to clean: those given (files, or every photo under a folder), by default all of
    images/; sorted, each once. Raises EditorError (usage) for a path that is missing, outside the
    project, or a file that is no photo by its name."""
    real_root = root.resolve()
    targets = given or [root / images_dir]
    found: dict[Path, None] = {}
    for path in targets:
        if not path.exists():
            if not given:  # no images/ yet: nothing to clean
                return []
            raise EditorError(f"không tìm thấy '{path}'", "kiểm tra đường dẫn tệp hoặc thư mục ảnh", usage=True)
        if given and not path.resolve().is_relative_to(real_root):
            raise EditorError(f"'{path}' nằm ngoài thư mục dự án '{root}'",
                              "chỉ làm sạch ảnh gốc trong dự án; ảnh mới thì 'bantin photos add' tự xoá GPS khi chép",
                              usage=True)
        if path.is_dir():
            found.update(dict.fromkeys(_photos_under(path)))
        elif path.suffix.lower() in SUFFIXES:
            found[path] = None
        else:
            raise EditorError(f"tệp '{path.name}' không phải ảnh (jpg, png, webp)",
                              "ghi tệp ảnh hoặc thư mục ảnh, ví dụ 'images/2024/'", usage=True)
    return sorted(found, key=lambda p: p.as_posix())


def _photos_under(folder: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            path = Path(dirpath) / name
            if not name.startswith(".") and path.suffix.lower() in SUFFIXES and not path.is_symlink():
                yield path


def clean_file(path: Path) -> frozenset[Private] | Refused:
    """Take the private data out of one photo, in place; what was removed (nothing: the file is
    untouched), or why the photo was left as it was. Raises OSError when it cannot be written."""
    if path.is_symlink():
        return Refused(path, "là liên kết tới tệp khác, không phải ảnh gốc", "làm sạch chính tệp mà liên kết trỏ tới")
    data = path.read_bytes()
    try:
        cleaned = privacy.clean(data)
    except NotCleanable as exc:
        return Refused(path, str(exc), DAMAGED[1])
    if not cleaned.removed:
        return frozenset()
    try:  # the file written must be a whole picture: a damaged original is left for the editor
        with open_checked(io.BytesIO(cleaned.data), _LIMITS) as im:
            if im.format in ("JPEG", "MPO"):
                im.draft("RGB", (max(1, im.width // 8), max(1, im.height // 8)))
            im.load()
    except ImageError as exc:
        return Refused(path, exc.message, exc.hint)
    except Exception:  # noqa: BLE001 - Pillow's decoders raise OSError, SyntaxError, ValueError…
        return Refused(path, *DAMAGED)
    _replace(path, cleaned.data)
    return cleaned.removed


def _replace(path: Path, data: bytes) -> None:
    """Put `data` in place of `path` whole: a temporary file beside it, with its permissions,
    renamed over it. A file the user may not write (read-only, immutable) is not replaced."""
    with open(path, "r+b"):  # PermissionError here, as writing it would
        pass
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "xb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        shutil.copymode(path, tmp)
        os.replace(tmp, path)
    finally:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
