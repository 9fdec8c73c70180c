"""`bantin new` as plain functions: a new post's file name and text, then the file and its photo
folder, created without replacing anything (see bantin.tools.files)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bantin.model import dates
from bantin.model.fields import MAX_TITLE
from bantin.model.registry import Registry, Unknown
from bantin.model.slugs import slugify
from bantin.model.terms import parse_term
from bantin.tools.errors import EditorError
from bantin.tools.files import create_new, make_folders, remove_new
from bantin.tools.yaml_values import yaml_scalar

BODY = """Sáng ngày {day}, {agency} tổ chức …

<!-- Viết nội dung bài ở đây: diễn biến, thành phần tham dự, kết quả, phát biểu chỉ đạo.
     Ảnh: bantin photos add {post} ẢNH1.jpg ẢNH2.jpg … rồi viết chú thích (caption) cho từng ảnh. -->
"""


@dataclass(frozen=True)
class NewPost:
    path: Path
    images: Path
    text: str


def new_post(root: Path, registry: Registry, *, title: str, date: dt.datetime, agency: str, kind: str,
             units: Sequence[str] = (), terms: Sequence[str] = (), posts_dir: str = "posts", images_dir: str = "images",
             author: str = "") -> NewPost:
    """The file a new post would be written to, and its text; raises EditorError on bad input."""
    title = " ".join(title.split())
    if not title:
        raise EditorError("thiếu tiêu đề bài viết", "ví dụ: --tieu-de \"Đại hội Chi bộ Văn phòng\"")
    if len(title) > MAX_TITLE:  # the build's limit and words
        raise EditorError(f"'title' dài {len(title)} ký tự, quá giới hạn {MAX_TITLE}", "rút gọn lại")
    found = registry.lookup_agency(agency)
    if isinstance(found, Unknown):
        raise EditorError(found.message, found.suggestion or "xem registry.yml")
    kind_found = registry.lookup_kind(kind)
    if isinstance(kind_found, Unknown):
        raise EditorError(kind_found.message, kind_found.suggestion or "xem registry.yml")
    unit_keys = []
    for unit in units:
        match = registry.lookup_unit(found, unit)
        if isinstance(match, Unknown):
            raise EditorError(match.message, match.suggestion or "xem registry.yml")
        unit_keys.append(match.key)
    term_texts = [str(parse_term(t)) for t in terms]  # TermError carries its own Vietnamese message
    # A title of no letter or digit Latin script can spell ('!!!', '会议') still needs a file name.
    slug = slugify(title) or f"bai-viet-{date:%Y%m%d-%H%M}"
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


def write_new(post: NewPost) -> None:
    """Create the post and its photo folder; never replace an existing file."""
    folders = make_folders(post.path.parent)
    try:
        folders += make_folders(post.images)
        create_new(post.path, lambda f: f.write(post.text.encode("utf-8")))
    except FileExistsError:
        remove_new([], folders)
        raise EditorError(f"đã có bài '{post.path.name}' — không ghi đè",
                          "đổi tiêu đề, hoặc mở và sửa bài đã có") from None
    except BaseException:
        remove_new([], folders)
        raise


def now_rounded() -> dt.datetime:
    return dates.now().replace(second=0, microsecond=0)
