"""A post's `photos:` edited line by line for `bantin photos add`: files attached first to the
entries that have a caption but no file yet (as `bantin import` leaves them), in order, then listed
as new entries. Every other byte of the post is kept (line endings, comments, quoting), and the
post is replaced whole.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from contextlib import suppress
from pathlib import Path

from bantin.model.frontmatter import FrontMatter
from bantin.tools.errors import EditorError
from bantin.tools.yaml_values import yaml_scalar

_EMPTY = r"(?:\"\"|''|~|null|Null|NULL)?"
_SRC_LINE = re.compile(rf"^(?P<key>[ \t]*(?:-[ \t]+)?src[ \t]*:)[ \t]*{_EMPTY}[ \t]*(?P<comment>#.*?)?(?P<end>\r?\n|\r)?$")
_BARE_ITEM = re.compile(rf"^(?P<dash>[ \t]*-)[ \t]*{_EMPTY}[ \t]*(?P<comment>#.*?)?(?P<end>\r?\n|\r)?$")
_ITEM = re.compile(r"^(?P<dash>[ \t]*-)(?P<space>[ \t]+)(?P<rest>[^{\[\s#].*?)(?P<end>\r?\n|\r)?$")
_TODO = re.compile(r"[ \t]*#[ \t]*TODO\b.*?(?=\r?\n|\r|$)")
_ONE_PER_LINE = "viết mỗi ảnh một dòng '- src: …' (chú thích ở dòng 'caption: …' bên dưới) rồi chạy lại lệnh"


def _empty(item: object) -> bool:
    """An entry still without a file: a caption and an empty or missing `src`, or an empty path."""
    if isinstance(item, dict):
        return item.get("src") in (None, "")
    return item is None or (isinstance(item, str) and not item.strip())


def attach(text: str, fm: FrontMatter, srcs: list[str]) -> tuple[str, int]:
    """The post's text with `srcs` (paths relative to the post) attached: to the entries without
    a file first, in order, then as new entries; and how many went to waiting entries. When every
    waiting entry has its file, the `# TODO` on the `photos:` line goes too. Raises EditorError for
    a `photos:` written in a form it cannot edit without rewriting what the editor wrote."""
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if "\r\n" in text else "\n"
    end = fm.body_line - 2  # index of the closing '---' line
    photos = fm.data.get("photos")
    photos_line = fm.line(("photos",))
    if photos_line is None:
        return "".join(lines[:end] + ["photos:" + newline, _entries(srcs, newline)] + lines[end:]), 0
    start = photos_line - 1
    inline = lines[start].split(":", 1)[1].split("#", 1)[0].strip()
    if inline not in ("", "[]", "~", "null"):
        raise EditorError("'photos:' đang viết trên một dòng dạng [ … ]", _ONE_PER_LINE)
    if not isinstance(photos, list | None):
        raise EditorError("'photos:' không phải danh sách ảnh", _ONE_PER_LINE)
    waiting = [i for i, item in enumerate(photos or []) if _empty(item)]
    filled = 0
    for i, src in zip(waiting, srcs, strict=False):
        _fill(lines, fm, i, src, newline)
        filled += 1
    rest = srcs[filled:]
    if filled == len(waiting) and filled:  # the importer's TODO for the photos is done
        lines[start] = _TODO.sub("", lines[start])
    if inline in ("[]", "~", "null"):
        lines[start] = _TODO.sub("", lines[start].split(":", 1)[0]) + ":" + newline
    if rest:
        stop = start + 1
        while stop < end and (lines[stop].startswith((" ", "-", "\t")) or not lines[stop].strip()):
            stop += 1
        while stop > start + 1 and not lines[stop - 1].strip():  # after the last entry, not a blank line
            stop -= 1
        lines[stop:stop] = [_entries(rest, newline)]
    return "".join(lines), filled


def _entries(srcs: list[str], newline: str) -> str:
    return "".join(f"  - src: {yaml_scalar(src)}{newline}    caption: \"\"{newline}" for src in srcs)


def _fill(lines: list[str], fm: FrontMatter, i: int, src: str, newline: str) -> None:
    """Write `src` into entry `i` of `photos:`, which has none, keeping its caption and alt."""
    value = yaml_scalar(src)
    item = fm.data["photos"][i]
    item_line = fm.line(("photos", i))
    if isinstance(item, dict) and "src" in item:  # `- src: ""` or `src:` below the caption
        src_line = fm.line(("photos", i, "src"))
        m = _SRC_LINE.match(lines[src_line - 1]) if src_line else None
        if m and src_line:
            comment = m.group("comment") or ""
            keep = f"  {comment}" if comment and not _TODO.match(comment) else ""
            lines[src_line - 1] = f"{m.group('key')} {value}{keep}{m.group('end') or newline}"
            return
    elif isinstance(item, dict) and item_line:  # `- caption: …` alone: `src` goes first
        m = _ITEM.match(lines[item_line - 1])
        if m:
            indent = " " * (len(m.group("dash")) + len(m.group("space")))
            lines[item_line - 1] = (f"{m.group('dash')}{m.group('space')}src: {value}{newline}"
                                    f"{indent}{m.group('rest')}{m.group('end') or newline}")
            return
    elif item_line:  # `- ""`: a path alone, still empty
        m = _BARE_ITEM.match(lines[item_line - 1])
        if m:
            lines[item_line - 1] = f"{m.group('dash')} {value}{m.group('end') or newline}"
            return
    raise EditorError(f"không ghi được ảnh vào mục thứ {i + 1} của 'photos:' (dòng {item_line})", _ONE_PER_LINE)


def replace_post(post_path: Path, text: str) -> None:
    """Put the post's new text in place whole: a temporary file beside it, with its permissions,
    renamed over it."""
    tmp = post_path.with_name(f".{post_path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "x", encoding="utf-8", newline="") as f:
            f.write(text)
        shutil.copymode(post_path, tmp)  # the post keeps its permissions
        os.replace(tmp, post_path)
    finally:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
