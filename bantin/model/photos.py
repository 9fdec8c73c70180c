"""The photos a post names: `cover:`, `photos:` and the images of its body, as Photo.

Each path is resolved against the post's file and must name an image file inside the project.
A gallery photo without caption or alt text, and a body image without alt text, are warned of:
readers who cannot see the photo are told nothing about it.
"""

from __future__ import annotations

import os
from dataclasses import replace
from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from bantin.model.body import body_images
from bantin.model.content import IMAGE_SUFFIXES, Photo
from bantin.model.errors import did_you_mean
from bantin.model.fields import CONTROL, MAX_SUMMARY, FieldReader
from bantin.model.markup import locate
from bantin.model.yaml_reader import field_name

_PHOTO_FIELDS = ("src", "caption", "alt")


def cover_and_gallery(r: FieldReader, root: Path) -> tuple[Photo | None, tuple[Photo, ...]]:
    """`cover:` and `photos:`, paths relative to the post's file under `root`."""
    data = r.fm.data
    cover = _photo(r, root, ("cover",), data.get("cover")) if data.get("cover") is not None else None
    photos = _gallery(r, root)
    if cover and not cover.alt_text:  # `cover:` naming a gallery photo takes its caption
        match = next((p for p in photos if p.src == cover.src), None)
        if match:
            cover = replace(match, where=cover.where, line=cover.line)
    return cover, photos


def _gallery(r: FieldReader, root: Path) -> tuple[Photo, ...]:
    value = r.fm.data.get("photos")
    if value is None:
        return ()
    if not isinstance(value, list):
        r.error(("photos",), "'photos' phải là danh sách ảnh, mỗi ảnh một dòng bắt đầu bằng '- src:'",
                value=value)
        return ()
    photos = [_photo(r, root, ("photos", i), item) for i, item in enumerate(value)]
    return tuple(p for p in photos if p)


def _photo(r: FieldReader, root: Path, path: tuple, value: object) -> Photo | None:
    where = field_name(path)
    if isinstance(value, str):  # `cover: a.jpg` or `- a.jpg`: the path alone
        resolved = _resolve(r, root, path, value.strip())
        return Photo(resolved, where=where, line=r.fm.line(path)) if resolved else None
    if not isinstance(value, dict):
        r.error(path, "ảnh phải có dạng 'src: đường/dẫn/anh.jpg' (và caption, alt nếu có)", value=value)
        return None
    for key in value:
        if key not in _PHOTO_FIELDS:
            r.error(path + (key,), f"trường '{key}' của ảnh không được hỗ trợ",
                    did_you_mean(key, _PHOTO_FIELDS, "dùng src, caption, alt"), key)
    src = value.get("src")
    if not isinstance(src, str) or not src.strip():
        r.error(path + ("src",), "ảnh thiếu đường dẫn 'src'", "ví dụ: src: ../../images/2020/hoa.jpg")
        return None
    resolved = _resolve(r, root, path + ("src",), src.strip())
    caption = r.text_at(path + ("caption",), value.get("caption"), limit=MAX_SUMMARY)
    alt = r.text_at(path + ("alt",), value.get("alt"), limit=MAX_SUMMARY)
    written = any(isinstance(value.get(k), (list, dict, bool)) for k in ("caption", "alt"))  # said above
    if resolved and not (caption or alt or written) and path[0] == "photos":
        r.error(path, f"ảnh '{src.strip()}' chưa có chú thích (caption) hay mô tả (alt)",
                "thêm 'caption: …' mô tả ảnh cho người đọc và cho người khiếm thị", src, warning=True)
    return Photo(resolved, caption, alt, f"{where}.src", r.fm.line(path + ("src",))) if resolved else None


def body_photos(r: FieldReader, root: Path, html: str) -> tuple[Photo, ...]:
    """Images of the body (Markdown or <img>), read from its HTML as a browser reads them (text
    that only looks like a tag, in a link's title or in code, is none), checked like photos."""
    found = []
    for src, alt in body_images(html):
        line = locate(r.fm.body, src.lower(), r.fm.body_line)
        src = unquote(src)
        if "://" in src or src.replace("\\", "/").startswith("//") or src.startswith(("data:", "#")):
            continue  # another host, or no file: the markup check says what is wrong
        resolved = _resolve(r, root, ("nội dung",), src, line=line)
        if resolved and not alt.strip():
            r.error(("nội dung",), f"ảnh '{src}' trong bài chưa có mô tả (alt)",
                    "viết mô tả giữa hai dấu ngoặc vuông: ![Quang cảnh hội nghị](…)", src,
                    line=line, warning=True)
        if resolved:
            found.append(Photo(resolved, alt=alt.strip(), where="nội dung", line=line))
    return tuple(found)


def _resolve(r: FieldReader, root: Path, path: tuple, src: str, *, line: int | None = None) -> str:
    """Resolve an image path relative to the post file; it must stay inside the project."""
    if CONTROL.search(src) or "\n" in src or "\t" in src:  # "\0" in YAML: no file system takes it
        shown = src.encode("unicode_escape").decode("ascii")
        r.error(path, f"đường dẫn ảnh '{shown}' có ký tự điều khiển",
                "gõ lại đường dẫn, ví dụ: ../../images/2020/ten-bai/anh-1.jpg", shown, line=line)
        return ""
    if "://" in src or src.startswith(("/", "\\")) or (len(src) > 1 and src[1] == ":"):
        r.error(path, f"đường dẫn ảnh '{src}' phải là đường dẫn tương đối tới tệp trong dự án",
                "ví dụ: ../../images/2020/ten-bai/anh-1.jpg", src, line=line)
        return ""
    joined = os.path.normpath(PurePosixPath(r.rel_path).parent.joinpath(src).as_posix())
    target = (root / joined).resolve()
    if joined.startswith("..") or not target.is_relative_to(_resolved(root)):
        r.error(path, f"đường dẫn ảnh '{src}' trỏ ra ngoài thư mục dự án",
                "đặt ảnh trong thư mục images/ và ghi đường dẫn tương đối", src, line=line)
        return ""
    if PurePosixPath(joined).suffix.lower() not in IMAGE_SUFFIXES:
        r.error(path, f"tệp '{src}' không phải ảnh (jpg, png, webp)",
                "ghi đường dẫn tương đối tới tệp ảnh trong images/, ví dụ ../../images/2020/ten-bai/anh-1.jpg",
                src, line=line)
        return ""
    if not target.is_file():
        r.error(path, f"không tìm thấy ảnh '{src}' (tức {joined})",
                "kiểm tra tên tệp và thư mục, chữ hoa/thường phải khớp", src, line=line)
        return ""
    return PurePosixPath(joined).as_posix()


@lru_cache(maxsize=64)
def _resolved(root: Path) -> Path:
    return root.resolve()
