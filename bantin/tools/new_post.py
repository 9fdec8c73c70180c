"""`bantin new` as plain functions: a new post's file name and text from its values (checked by
`new_answers`), then the file and its photo folder, created without replacing anything (see
bantin.tools.files)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from bantin.model import dates
from bantin.model.slugs import slugify
from bantin.model.urls import page_url, post_uri
from bantin.tools.errors import EditorError
from bantin.tools.files import create_new, make_folders, remove_new
from bantin.tools.known_posts import KnownPosts
from bantin.tools.new_answers import Answers, Problem
from bantin.tools.yaml_values import yaml_scalar

BODY = """{when} {day}, {agency} tổ chức …

<!-- Viết nội dung bài ở đây: diễn biến, thành phần tham dự, kết quả, phát biểu chỉ đạo.
     Ảnh: bantin photos add {post} ẢNH1.jpg ẢNH2.jpg … rồi viết chú thích (caption) cho từng ảnh. -->
"""


@dataclass(frozen=True)
class NewPost:
    path: Path
    images: Path
    text: str


def post_files(root: Path, title: str, date: dt.datetime, *, posts_dir: str = "posts",
               images_dir: str = "images") -> tuple[Path, Path, str]:
    """(the post's file, its photo folder, its slug): filed under the year of the event, not
    of the day it is written."""
    # A title of no letter or digit Latin script can spell ('!!!', '会议') still needs a file name.
    slug = slugify(title) or f"bai-viet-{date:%Y%m%d-%H%M}"
    year = str(date.year)
    return root / posts_dir / year / f"{slug}.md", root / images_dir / year / slug, slug


def address_taken(root: Path, title: str, date: dt.datetime, known: KnownPosts, *, posts_dir: str = "posts",
                  images_dir: str = "images") -> Problem | None:
    """Why a post of this title and date cannot be made: its file exists (never overwritten), or
    its address is another post's (the build's words); None when it can."""
    path, _, slug = post_files(root, title, date, posts_dir=posts_dir, images_dir=images_dir)
    rel = path.relative_to(root).as_posix()
    if path.exists() or path.is_symlink():
        return Problem(f"đã có bài '{rel}' — không ghi đè", "đổi tiêu đề, hoặc mở và sửa bài đã có")
    url = page_url(post_uri(date, slug))
    holder = known.holder(url)
    if holder is None:
        return None
    other, alias = holder
    if alias:
        return Problem(f"địa chỉ /{url} là đường dẫn cũ (aliases) của bài '{other}'", "đổi tiêu đề")
    return Problem(f"bài viết trùng địa chỉ /{url} với bài '{other}'", "đổi tiêu đề")


def new_post(root: Path, answers: Answers, *, posts_dir: str = "posts", images_dir: str = "images") -> NewPost:
    """The file a new post is written to, and its text."""
    path, images, slug = post_files(root, answers.title, answers.date, posts_dir=posts_dir, images_dir=images_dir)
    terms = [str(term) for term in answers.terms]
    lines = [
        f"title: {yaml_scalar(answers.title)}",
        f"date: {_date(answers.date)}",
        f"agency: {answers.agency.key}",
        f"units: [{', '.join(unit.key for unit in answers.units)}]",
        f"term: {terms[0] if len(terms) == 1 else '[' + ', '.join(terms) + ']' if terms else ''}",
        f"kind: {answers.kind.key}",
        "tags: []",
        f"author: {yaml_scalar(answers.author) if answers.author else ''}",
        "summary:",
    ]
    if slug != slugify(answers.title):  # the file's name, or the build would publish it at tin/…/bai-viet/
        lines.append(f"slug: {slug}")
    text = ("---\n" + "\n".join(line.rstrip() for line in lines) + "\n---\n\n"
            + BODY.format(when=_part_of_day(answers.date), day=dates.format_short(answers.date),
                          agency=answers.agency.name,
                          post=path.relative_to(root).as_posix()))
    return NewPost(path, images, text)


def _part_of_day(moment: dt.datetime) -> str:
    if (moment.hour, moment.minute) == (0, 0):  # no time given
        return "Ngày"
    return "Sáng ngày" if moment.hour < 12 else "Chiều ngày" if moment.hour < 18 else "Tối ngày"


def _date(moment: dt.datetime) -> str:
    """As front matter holds it: the time only when there is one."""
    return moment.strftime("%Y-%m-%d" if (moment.hour, moment.minute) == (0, 0) else "%Y-%m-%d %H:%M")


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
