"""`bantin photos add` as a plain function: camera files copied beside a post's photos with clean
names, without GPS and camera serials (`privacy`), and attached to the post's `photos:`
(`photo_entries`).

The post keeps every byte it had: its new lines are inserted, written to a temporary file that
then replaces it. A photo the build would refuse is refused here, with the build's words.
"""

from __future__ import annotations

import io
import math
import os
import struct
import warnings
import zlib
from pathlib import Path, PurePosixPath

from bantin.model.content import IMAGE_SUFFIXES
from bantin.model.errors import did_you_mean
from bantin.model.frontmatter import split
from bantin.model.posts import find_post_files
from bantin.model.slugs import slugify
from bantin.site.photos.opening import CAMERA_MAX, DAMAGED, NOT_AN_IMAGE, ImageError, TooLarge, open_checked
from bantin.site.photos.renditions import Settings
from bantin.tools import privacy
from bantin.tools.errors import EditorError
from bantin.tools.files import create_new, make_folders, remove_new
from bantin.tools.photo_entries import attach, replace_post
from bantin.tools.privacy import NotCleanable, Private


class Added(list):
    """The photos `add_photos` copied (paths, in order); `resized`: those stored as a smaller
    copy, with the copy's size; `removed`: what was taken out of each copy (GPS, serials…);
    `filled`: how many went to entries that were waiting with a caption."""

    def __init__(self) -> None:
        super().__init__()
        self.resized: dict[Path, tuple[int, int]] = {}
        self.removed: dict[Path, frozenset[Private]] = {}
        self.filled = 0


LIMITS = Settings()  # the pixel limit the build applies (bantin.site.photos.opening)
_SUFFIX = {"JPEG": ".jpg", "MPO": ".jpg", "PNG": ".png", "WEBP": ".webp"}  # a copy is named for what it is


def add_photos(root: Path, post_path: Path, files: list[Path], images_dir: str = "images", *,
               posts_dir: str = "posts", resize: bool = False) -> Added:
    """Copy camera files next to the post's photos with clean names, without GPS and camera
    serials; attach them to the post's `photos:`.

    Returns the copied files. The post keeps every byte it had: the files go first to the
    entries that have a caption but no file (as `bantin import` leaves them), in order, then
    are listed as new entries. Each file is read whole before anything is written: what is not
    a picture (by its content, whatever its name), or is cut or damaged, is refused with the
    build's words; one only too large (a 200-megapixel phone photo) is, with `resize`, stored
    as a smaller upright copy. The originals are only read. On any failure nothing is added:
    the copies made so far are removed.
    """
    rel = _post_rel(root, post_path, posts_dir)
    try:
        text = post_path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise EditorError(f"bài '{rel}' không phải UTF-8", "mở bài và lưu lại với bảng mã UTF-8") from None
    fm, errors = split(text, rel)
    if fm is None:
        raise EditorError(errors[0].message, errors[0].hint or "")
    attach(text, fm, ["anh.jpg"] * len(files))  # refuses a `photos:` it cannot edit, before any copy
    kinds, to_resize = {}, {}
    for file in files:
        kinds[file], pixels = _checked(file, resize)
        if pixels:
            to_resize[file] = pixels
    year = str(fm.data.get("date", ""))[:4]
    folder = root / images_dir / (year if year.isdigit() else "khac") / post_path.stem
    added = Added()
    folders = make_folders(folder)
    try:
        for file in files:
            stem = slugify(file.stem) or "anh"
            suffix = _SUFFIX[kinds[file]]
            size = None
            try:
                if file in to_resize:
                    data, size = _smaller_copy(file, to_resize[file])
                else:
                    data = file.read_bytes()
                cleaned = privacy.clean(data)
            except ImageError as exc:  # the header was fine, the picture is cut or corrupt
                raise EditorError(f"ảnh '{file.name}': {exc.message}", exc.hint) from None
            except NotCleanable as exc:
                raise EditorError(f"ảnh '{file.name}': {exc}", "mở ảnh bằng chương trình xem ảnh, lưu (xuất) lại "
                                  "thành JPEG rồi thêm lại") from None
            n = 1
            while True:  # never replace a photo already there
                target = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
                n += 1
                if target.exists():
                    continue
                try:
                    create_new(target, lambda f: f.write(cleaned.data),  # noqa: B023 - called at once
                               like=None if file in to_resize else file)
                except FileExistsError:  # taken since exists() above
                    continue
                break
            added.append(target)
            if size:
                added.resized[target] = size
            if cleaned.removed:
                added.removed[target] = cleaned.removed
        srcs = [PurePosixPath(os.path.relpath(p, post_path.parent)).as_posix() for p in added]
        new_text, added.filled = attach(text, fm, srcs)
        _insert_photos(post_path, new_text)
    except BaseException:
        remove_new(list(added), folders)
        raise
    return added


def _checked(file: Path, resize: bool) -> tuple[str, int]:
    """The format of a file given to `photos add` (its content decides, not its name), and its
    pixels when it is too large to publish as is and `resize` allows a smaller copy (else 0)."""
    if file.is_dir():
        raise EditorError(f"'{file}' là thư mục, không phải tệp ảnh",
                          f"ghi từng tệp ảnh, ví dụ '{file.as_posix().rstrip('/')}/*.jpg'", usage=True)
    if not file.is_file():
        raise EditorError(f"không tìm thấy tệp '{file}'", "kiểm tra đường dẫn tệp ảnh", usage=True)
    try:
        with open_checked(file, LIMITS) as im:
            kind = im.format or ""
            _decode_all(im)
    except TooLarge as exc:
        if not resize:
            limit = f"{LIMITS.max_pixels / 1e6:.0f} triệu"
            raise EditorError(f"ảnh '{file.name}': {exc.message}",
                              f"thêm --thu-nho để lưu một bản thu nhỏ dưới {limit} điểm ảnh "
                              "(ảnh gốc không bị sửa)") from None
        with open(file, "rb") as f:
            kind = privacy.kind_of(f.read(12)) or "JPEG"
        return kind, exc.pixels
    except ImageError as exc:
        if file.suffix.lower() not in IMAGE_SUFFIXES and exc.message == NOT_AN_IMAGE[0]:
            raise EditorError(f"tệp '{file.name}' không phải ảnh (jpg, png, webp)", "chỉ thêm tệp ảnh",
                              usage=True) from None
        raise EditorError(f"ảnh '{file.name}': {exc.message}", exc.hint) from None
    return kind, 0


def _decode_all(im) -> None:
    """Decode the whole picture (a JPEG at an eighth of its size: every byte is still read), so
    that a file cut short is refused here rather than published half grey."""
    try:
        if im.format in ("JPEG", "MPO"):
            im.draft("RGB", (max(1, im.width // 8), max(1, im.height // 8)))
        im.load()
    except (OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error):
        raise ImageError(*DAMAGED) from None


def _smaller_copy(source: Path, pixels: int) -> tuple[bytes, tuple[int, int]]:
    """The photo scaled to half the pixel limit, turned upright by its EXIF orientation, with
    its colour profile and camera data (`privacy.clean` then takes out GPS and serials), in its
    format; and its size."""
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
    options = {"exif": upright.getexif().tobytes(), **({"icc_profile": icc} if icc else {})}
    if kind in ("JPEG", "WEBP"):
        options["quality"] = 92
    out = io.BytesIO()
    upright.save(out, kind, **options)
    return out.getvalue(), upright.size


def _insert_photos(post_path: Path, text: str) -> None:
    replace_post(post_path, text)


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
