"""`bantin check`: every problem a build would meet, without building. Plain Python."""

from __future__ import annotations

import posixpath
import re
from dataclasses import asdict

from . import images
from .content import Post
from .errors import ContentError, ContentErrors
from .project import Options, Project, load_project

_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+\.md)(?:#[^)\s>]*)?>?(?:\s+[\"'(][^)]*)?\)")
_FENCE = re.compile(r"^\s*(```|~~~)")
GPS_IFD = 0x8825


def post_links(post: Post) -> list[tuple[int, str]]:
    """(line, target) of every Markdown link from a post's body to another .md file."""
    found, in_code = [], False
    for offset, text in enumerate(post.body.split("\n")):
        if _FENCE.match(text):
            in_code = not in_code
        elif not in_code:
            found += [(post.body_line + offset, m.group(1)) for m in _LINK.finditer(text) if "://" not in m.group(1)]
    return found


def check(options: Options) -> tuple[Project | None, list[ContentError]]:
    """Load the project, then check links between posts and every photo's file (header only)."""
    try:
        project = load_project(options)
    except ContentErrors as exc:
        return None, list(exc.errors)
    problems = list(project.warnings)
    by_path = {post.path for post in project.posts}
    settings = images.Settings()
    checked: dict[str, images.ImageError | None] = {}
    for post in project.posts:
        base = posixpath.dirname(post.path)
        for line, target in post_links(post):
            resolved = posixpath.normpath(posixpath.join(base, target))
            if resolved.startswith(options.posts_dir + "/") and resolved not in by_path:
                problems.append(ContentError(post.path, line, "nội dung",
                                             f"liên kết '{target}' trỏ tới bài không có ({resolved})",
                                             "kiểm tra tên tệp của bài được nhắc tới", target))
        for photo in post.images:
            if photo.src not in checked:
                try:
                    with images.open_checked(options.root / photo.src, settings) as im:
                        if im.getexif().get_ifd(GPS_IFD):  # once per photo: `checked` opens each once
                            problems.append(ContentError(
                                post.path, photo.line, photo.where,
                                f"ảnh gốc '{photo.src}' có tọa độ GPS (nơi chụp)",
                                "ảnh đăng lên trang đã được xoá GPS, nhưng kho images/ là công khai: "
                                "xoá GPS khỏi ảnh gốc nếu không muốn công bố nơi chụp", photo.src, warning=True))
                    checked[photo.src] = None
                except images.ImageError as exc:
                    checked[photo.src] = exc
            error = checked[photo.src]
            if error is not None:
                problems.append(ContentError(post.path, photo.line, photo.where, f"ảnh '{photo.src}': {error.message}",
                                             error.hint, photo.src))
    return project, problems


def as_json(problems: list[ContentError]) -> dict:
    errors = [p for p in problems if not p.warning]
    return {"ok": not errors, "errors": len(errors), "warnings": len(problems) - len(errors),
            "problems": [{**asdict(p), "level": "warning" if p.warning else "error"} for p in problems]}
