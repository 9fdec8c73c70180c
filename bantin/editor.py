"""Editors' commands as plain functions: a new post's text, adding photos to a post.

Nothing here overwrites a file the user wrote: new files are created exclusively, and a
post gains photos through a rewrite that only inserts lines (written to a temporary file,
then renamed over the original).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import yaml

from . import dates
from .content import IMAGE_SUFFIXES
from .frontmatter import split
from .registry import Registry
from .slugs import slugify
from .terms import parse_term

BODY = """Sáng ngày {day}, {agency} tổ chức …

<!-- Viết nội dung bài ở đây: diễn biến, thành phần tham dự, kết quả, phát biểu chỉ đạo.
     Ảnh: bantin photos add {post} ẢNH1.jpg ẢNH2.jpg … rồi viết chú thích (caption) cho từng ảnh. -->
"""


class EditorError(Exception):
    """A refusal, in Vietnamese, with what to do instead."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass(frozen=True)
class NewPost:
    path: Path
    images: Path
    text: str


def new_post(root: Path, registry: Registry, *, title: str, date: dt.datetime, agency: str, kind: str,
             units: list[str] = (), terms: list[str] = (), posts_dir: str = "posts", images_dir: str = "images",
             author: str = "") -> NewPost:
    """The file a new post would be written to, and its text; raises EditorError on bad input."""
    title = " ".join(title.split())
    if not title:
        raise EditorError("thiếu tiêu đề bài viết", "ví dụ: --tieu-de \"Đại hội Chi bộ Văn phòng\"")
    found = registry.find_agency(agency)
    if found is None:
        guess = registry.suggest_agency(agency)
        raise EditorError(f"cơ quan '{agency}' không có trong danh mục",
                          f"có phải ý bạn là '{guess.key}' ({guess.short})?" if guess else "xem registry.yml")
    kind_found = registry.find_kind(kind)
    if kind_found is None:
        guess = registry.suggest_kind(kind)
        raise EditorError(f"loại tin '{kind}' không có trong danh mục",
                          f"có phải ý bạn là '{guess.key}' ({guess.name})?" if guess else "xem registry.yml")
    unit_keys = []
    for unit in units:
        match = registry.find_unit(found, unit)
        if match is None:
            guess = registry.suggest_unit(found, unit)
            raise EditorError(f"đơn vị '{unit}' không thuộc '{found.short}'",
                              f"có phải ý bạn là '{guess.key}' ({guess.name})?" if guess else "xem registry.yml")
        unit_keys.append(match.key)
    term_texts = [str(parse_term(t)) for t in terms]  # TermError carries its own Vietnamese message
    slug = slugify(title)
    year = date.year
    path = root / posts_dir / str(year) / f"{slug}.md"
    images = root / images_dir / str(year) / slug
    lines = [
        f"title: {yaml_scalar(title)}",
        f"date: {date.strftime('%Y-%m-%d %H:%M')}",
        f"agency: {found.key}",
        f"units: [{', '.join(unit_keys)}]",
        f"term: {term_texts[0] if len(term_texts) == 1 else '[' + ', '.join(term_texts) + ']'}",
        f"kind: {kind_found.key}",
        "tags: []",
        f"author: {yaml_scalar(author) if author else ''}",
        "summary:",
    ]
    text = ("---\n" + "\n".join(line.rstrip() for line in lines) + "\n---\n\n"
            + BODY.format(day=dates.format_short(date), agency=found.name, post=path.relative_to(root).as_posix()))
    return NewPost(path, images, text)


def yaml_scalar(value: str) -> str:
    """The value as YAML: plain when it reads back as itself, else double-quoted."""
    try:
        if yaml.safe_load(f"k: {value}") == {"k": value}:
            return value
    except yaml.YAMLError:
        pass
    return json.dumps(value, ensure_ascii=False)


def write_new(post: NewPost) -> None:
    """Create the post and its photo folder; never replace an existing file."""
    post.path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(post.path, "x", encoding="utf-8") as f:
            f.write(post.text)
    except FileExistsError:
        raise EditorError(f"đã có bài '{post.path.name}' — không ghi đè",
                          "đổi tiêu đề, hoặc mở và sửa bài đã có") from None
    post.images.mkdir(parents=True, exist_ok=True)


def add_photos(root: Path, post_path: Path, files: list[Path], images_dir: str = "images") -> list[Path]:
    """Copy camera files next to the post's photos with clean names; list them under `photos:`.

    Returns the copied files. The post keeps every byte it had; the photo lines are inserted
    before the closing '---' (or after the existing photos).
    """
    text = post_path.read_text(encoding="utf-8")
    rel = post_path.resolve().relative_to(root.resolve()).as_posix()
    fm, errors = split(text, rel)
    if fm is None:
        raise EditorError(errors[0].message, errors[0].hint or "")
    for file in files:
        if not file.is_file():
            raise EditorError(f"không tìm thấy tệp '{file}'", "kiểm tra đường dẫn tệp ảnh")
        if file.suffix.lower() not in IMAGE_SUFFIXES:
            raise EditorError(f"tệp '{file.name}' không phải ảnh (jpg, png, webp)", "chỉ thêm tệp ảnh")
    year = str(fm.data.get("date", ""))[:4]
    folder = root / images_dir / (year if year.isdigit() else "khac") / post_path.stem
    folder.mkdir(parents=True, exist_ok=True)
    copied = []
    for file in files:
        stem = slugify(file.stem) or "anh"
        suffix = ".jpg" if file.suffix.lower() == ".jpeg" else file.suffix.lower()
        target, n = folder / f"{stem}{suffix}", 2
        while target.exists():  # never replace a photo already there
            target, n = folder / f"{stem}-{n}{suffix}", n + 1
        shutil.copy2(file, target)
        copied.append(target)
    entries = "".join(
        f"  - src: {PurePosixPath(os.path.relpath(p, post_path.parent)).as_posix()}\n    caption: \"\"\n"
        for p in copied)
    _insert_photos(post_path, text, fm, entries)
    return copied


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
    fd, tmp = tempfile.mkstemp(dir=post_path.parent, prefix=".bantin-", suffix=".md")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write("".join(new))
    os.replace(tmp, post_path)


def now_rounded() -> dt.datetime:
    return dates.now().replace(second=0, microsecond=0)
