"""`bantin photos add` as a plain function: camera files copied beside a post's photos with clean
names, and listed under the post's `photos:`.

The post keeps every byte it had: its new lines are inserted, written to a temporary file that
then replaces it. A photo the build would refuse is refused here, with the build's words.
"""

from __future__ import annotations

import math
import os
import secrets
import shutil
import warnings
from contextlib import suppress
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from bantin.model.content import IMAGE_SUFFIXES
from bantin.model.errors import did_you_mean
from bantin.model.frontmatter import split
from bantin.model.posts import find_post_files
from bantin.model.slugs import slugify
from bantin.site.photos.opening import CAMERA_MAX, DAMAGED, ImageError, TooLarge, open_checked
from bantin.site.photos.renditions import Settings
from bantin.tools.errors import EditorError
from bantin.tools.files import create_new, make_folders, remove_new


class Added(list):
    """The photos `add_photos` copied (paths, in order); `resized`: those stored as a smaller
    copy, with the copy's size."""

    def __init__(self) -> None:
        super().__init__()
        self.resized: dict[Path, tuple[int, int]] = {}


LIMITS = Settings()  # the pixel limit the build applies (bantin.site.photos.opening)


def add_photos(root: Path, post_path: Path, files: list[Path], images_dir: str = "images", *,
               posts_dir: str = "posts", resize: bool = False) -> Added:
    """Copy camera files next to the post's photos with clean names; list them under `photos:`.

    Returns the copied files. The post keeps every byte it had; the photo lines are inserted
    before the closing '---' (or after the existing photos). A photo the build would refuse is
    refused here with the build's words; one only too large (a 200-megapixel phone photo) is,
    with `resize`, stored as a smaller copy (upright, GPS position removed); the original is
    never changed. On any failure nothing is added: the copies made so far are removed.
    """
    rel = _post_rel(root, post_path, posts_dir)
    try:
        text = post_path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise EditorError(f"bài '{rel}' không phải UTF-8", "mở bài và lưu lại với bảng mã UTF-8") from None
    fm, errors = split(text, rel)
    if fm is None:
        raise EditorError(errors[0].message, errors[0].hint or "")
    to_resize = {}
    for file in files:
        if file.is_dir():
            raise EditorError(f"'{file}' là thư mục, không phải tệp ảnh",
                              f"ghi từng tệp ảnh, ví dụ '{file.as_posix().rstrip('/')}/*.jpg'", usage=True)
        if not file.is_file():
            raise EditorError(f"không tìm thấy tệp '{file}'", "kiểm tra đường dẫn tệp ảnh", usage=True)
        if file.suffix.lower() not in IMAGE_SUFFIXES:
            raise EditorError(f"tệp '{file.name}' không phải ảnh (jpg, png, webp)", "chỉ thêm tệp ảnh", usage=True)
        try:
            open_checked(file, LIMITS).close()  # the header only: what the build would say
        except TooLarge as exc:
            if not resize:
                limit = f"{LIMITS.max_pixels / 1e6:.0f} triệu"
                raise EditorError(f"ảnh '{file.name}': {exc.message}",
                                  f"thêm --thu-nho để lưu một bản thu nhỏ dưới {limit} điểm ảnh "
                                  "(ảnh gốc không bị sửa)") from None
            to_resize[file] = exc.pixels
        except ImageError as exc:
            raise EditorError(f"ảnh '{file.name}': {exc.message}", exc.hint) from None
    year = str(fm.data.get("date", ""))[:4]
    folder = root / images_dir / (year if year.isdigit() else "khac") / post_path.stem
    added = Added()
    folders = make_folders(folder)
    try:
        for file in files:
            stem = slugify(file.stem) or "anh"
            suffix = ".jpg" if file.suffix.lower() == ".jpeg" else file.suffix.lower()
            n = 1
            while True:  # never replace a photo already there
                target = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
                n += 1
                if target.exists():
                    continue
                try:
                    if file in to_resize:
                        size: list = []
                        create_new(target, lambda f: size.append(_smaller_copy(file, f, to_resize[file])))  # noqa: B023 - called at once
                        added.resized[target] = size[0]
                    else:
                        create_new(target, lambda f: _copy_bytes(file, f), like=file)  # noqa: B023 - called at once
                except FileExistsError:  # taken since exists() above
                    continue
                except ImageError as exc:  # the header was fine, the picture is cut or corrupt
                    raise EditorError(f"ảnh '{file.name}': {exc.message}", exc.hint) from None
                break
            added.append(target)
        entries = "".join(
            f"  - src: {PurePosixPath(os.path.relpath(p, post_path.parent)).as_posix()}\n    caption: \"\"\n"
            for p in added)
        _insert_photos(post_path, text, fm, entries)
    except BaseException:
        remove_new(list(added), folders)
        raise
    return added


def _copy_bytes(source: Path, f: BinaryIO) -> None:
    with open(source, "rb") as src:
        shutil.copyfileobj(src, f, 1 << 20)


def _smaller_copy(source: Path, f: BinaryIO, pixels: int) -> tuple[int, int]:
    """Write into `f` the photo scaled to half the pixel limit, turned upright by its EXIF
    orientation, with its colour profile and camera data but not its GPS position."""
    from PIL import Image, ImageOps

    scale = math.sqrt(LIMITS.max_pixels / 2 / pixels)
    saved = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = CAMERA_MAX * LIMITS.max_pixels  # checked by open_checked already
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(source) as im:
                kind = "JPEG" if im.format in ("JPEG", "MPO") else im.format
                size = (max(1, int(im.width * scale)), max(1, int(im.height * scale)))
                if kind == "JPEG":
                    im.draft(None, size)  # decode at 1/2, 1/4… of the size: a fraction of the memory
                icc = im.info.get("icc_profile")
                try:
                    upright = ImageOps.exif_transpose(im)
                except (OSError, SyntaxError, ValueError):
                    raise ImageError(*DAMAGED) from None
    finally:
        Image.MAX_IMAGE_PIXELS = saved
    if upright.size == (im.height, im.width):  # turned a quarter by its orientation
        size = (size[1], size[0])
    if upright.size != size:
        upright = upright.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    exif = upright.getexif()
    exif.pop(0x8825, None)  # GPSInfo: where the photo was taken
    options = {"exif": exif.tobytes(), **({"icc_profile": icc} if icc else {})}
    if kind in ("JPEG", "WEBP"):
        options["quality"] = 92
    upright.save(f, kind, **options)
    return upright.size


def _insert_photos(post_path: Path, text: str, fm, entries: str) -> None:
    lines = text.splitlines(keepends=True)
    end = fm.body_line - 2  # index of the closing '---' line
    photos_line = fm.lines.get(("photos",))
    if photos_line is None:
        new = lines[:end] + ["photos:\n", entries] + lines[end:]
    else:
        start = photos_line - 1
        if lines[start].split(":", 1)[1].strip() not in ("", "[]"):
            if "[" in lines[start]:
                raise EditorError("'photos:' đang viết trên một dòng dạng [ … ]",
                                  "viết mỗi ảnh một dòng '- src: …' rồi chạy lại lệnh")
        if lines[start].split(":", 1)[1].strip() == "[]":
            lines[start] = "photos:\n"
        stop = start + 1
        while stop < end and (lines[stop].startswith((" ", "-", "\t")) or not lines[stop].strip()):
            stop += 1
        new = lines[:stop] + [entries] + lines[stop:]
    tmp = post_path.with_name(f".{post_path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "x", encoding="utf-8", newline="") as f:
            f.write("".join(new))
        shutil.copymode(post_path, tmp)  # the post keeps its permissions
        os.replace(tmp, post_path)
    finally:
        with suppress(FileNotFoundError):
            os.unlink(tmp)


def _post_rel(root: Path, post_path: Path, posts_dir: str) -> str:
    """The post's path relative to the project, after refusing what is not a post there; the
    refusal says what was meant when the name is close to a post's."""
    shown = post_path.as_posix()
    if not post_path.exists():
        raise EditorError(f"không tìm thấy bài '{shown}'", _did_you_mean(root, post_path, posts_dir), usage=True)
    if post_path.is_dir():
        inside = find_post_files(post_path)
        example = (inside[0].resolve().relative_to(root.resolve()).as_posix()
                   if inside and inside[0].resolve().is_relative_to(root.resolve()) else f"{posts_dir}/2024/ten-bai.md")
        raise EditorError(f"'{shown}' là thư mục, không phải một bài viết",
                          f"ghi đường dẫn tệp .md của bài, ví dụ '{example}'", usage=True)
    if post_path.suffix.lower() != ".md":
        hint = (f"ghi bài trước rồi mới đến ảnh: bantin photos add {posts_dir}/…/ten-bai.md {shown}"
                if post_path.suffix.lower() in IMAGE_SUFFIXES else "ghi đường dẫn tệp .md của bài")
        raise EditorError(f"'{shown}' không phải bài viết (tệp .md)", hint, usage=True)
    try:
        rel = post_path.resolve().relative_to(root.resolve())
    except ValueError:
        raise EditorError(f"bài '{shown}' nằm ngoài thư mục dự án '{root}'",
                          "chạy lệnh trong thư mục dự án, hoặc chỉ ra thư mục đó bằng --root THƯ_MỤC",
                          usage=True) from None
    if not rel.is_relative_to(posts_dir):
        raise EditorError(f"'{rel.as_posix()}' không nằm trong thư mục bài viết '{posts_dir}/'",
                          f"chỉ thêm ảnh vào bài trong '{posts_dir}/'", usage=True)
    return rel.as_posix()


def _did_you_mean(root: Path, post_path: Path, posts_dir: str) -> str:
    posts = [p.relative_to(root).as_posix() for p in find_post_files(root / posts_dir)]
    given = post_path.as_posix()
    if post_path.is_absolute() and post_path.is_relative_to(root):
        given = post_path.relative_to(root).as_posix()
    otherwise = f"xem các bài trong '{posts_dir}/'; đường dẫn tính từ thư mục dự án, ví dụ '{posts_dir}/2024/ten-bai.md'"
    # the closest path, else the post of the closest file name
    return did_you_mean(given, {p: p for p in posts},
                        did_you_mean(post_path.name, {PurePosixPath(p).name: p for p in posts}, otherwise))
