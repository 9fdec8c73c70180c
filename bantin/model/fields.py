"""Reading one post's front matter field by field: text, lists of text, required fields.

A value is held to the same rule wherever it stands (a field, or one inside a photo): one line of
text without control characters, within its limit. Every problem is collected as a ContentError
at the field's line, so that a post's problems are all said at once.
"""

from __future__ import annotations

import re

from bantin.model.errors import ContentError, shorten
from bantin.model.frontmatter import FrontMatter
from bantin.model.text import clean
from bantin.model.yaml_reader import field_name

MAX_TITLE = 300
MAX_SUMMARY = 600  # the summary, and a photo's caption or alt text
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def line_problem(name: str, value: str, *, limit: int | None = None) -> tuple[str, str] | None:
    """(message, hint) when `value` cannot be field `name`'s one line of text: a control
    character, or over `limit` characters once cleaned; None when it can. The build's rule, which
    `bantin new` holds answers to as well."""
    if control := CONTROL.search(value):
        return (f"'{name}' có ký tự điều khiển không in được (mã {ord(control.group()):#04x})",
                "gõ lại dòng này, hoặc dán dưới dạng văn bản thuần")
    text = clean(value)
    if limit and len(text) > limit:
        return f"'{name}' dài {len(text)} ký tự, quá giới hạn {limit}", "rút gọn lại"
    return None


class FieldReader:
    """One post's front matter read field by field, collecting every problem on the way."""

    def __init__(self, fm: FrontMatter, rel_path: str):
        self.fm = fm
        self.rel_path = rel_path
        self.errors: list[ContentError] = []

    def error(self, path: tuple, message: str, hint: str | None = None, value: object = None,
              *, line: int | None = None, warning: bool = False) -> None:
        self.errors.append(ContentError(
            self.rel_path, line or self.fm.line(path), field_name(path), message, hint,
            None if value is None else shorten(value), warning,
        ))

    def text(self, key: str, *, required: bool = False, limit: int | None = None) -> str:
        value = self.fm.data.get(key)
        if value is None or value == "":
            if required:
                self.missing(key)
            return ""
        return self.text_at((key,), value, limit=limit)

    def text_at(self, path: tuple, value: object, *, limit: int | None = None) -> str:
        """One line of text at `path` (a field, or one inside a photo): the same rule everywhere."""
        name = field_name(path)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.error(path, f"'{name}' phải là một dòng chữ, không phải {_kind_of(value)}",
                       "viết giá trị trên cùng dòng, sau dấu ':'", value)
            return ""
        problem = line_problem(name, value, limit=limit)
        if problem is None:
            return clean(value)
        message, hint = problem
        if CONTROL.search(value):
            self.error(path, message, hint, value)
            return ""
        text = clean(value)
        self.error(path, message, hint, text)
        return text[:limit]

    def text_list(self, key: str) -> list[tuple[tuple, str]]:
        """(path, text) of each item of a list field; "a, b" written on one line is a list too,
        its items named by position (units[2]) as if written [a, b]."""
        value = self.fm.data.get(key)
        if value is None or value == "":
            return []
        if isinstance(value, str):
            return [((key, i) if "," in value else (key,), item.strip())
                    for i, item in enumerate(value.split(","))]
        if not isinstance(value, list):
            self.error((key,), f"'{key}' phải là danh sách, ví dụ [a, b]",
                       f"viết '{key}: [mục 1, mục 2]' hoặc mỗi mục một dòng bắt đầu bằng '- '", value)
            return []
        items = []
        for i, item in enumerate(value):
            if not isinstance(item, str):
                self.error((key, i), f"mục thứ {i + 1} của '{key}' phải là chữ, không phải {_kind_of(item)}",
                           "xoá mục trống, hoặc đặt giá trị trong dấu nháy kép \"…\"", item)
            else:
                items.append(((key, i), item))
        return items

    def missing(self, key: str) -> None:
        examples = {
            "title": "title: Đại hội Chi bộ Văn phòng, nhiệm kỳ 2020-2025",
            "date": "date: 2020-01-16",
            "agency": "agency: so-cong-thuong",
            "kind": "kind: dai-hoi-chi-bo",
        }
        example = examples.get(key, key + ": …")
        if key in self.fm.data:  # `title:` or `title: ""`
            self.errors.append(ContentError(self.rel_path, self.fm.line((key,)), key, f"trường bắt buộc '{key}' để trống",
                                            f"ghi giá trị sau dấu ':', ví dụ '{example}'"))
            return
        self.errors.append(ContentError(self.rel_path, 1, key, f"thiếu trường bắt buộc '{key}'",
                                        f"thêm dòng '{example}' vào phần khai báo"))


def _kind_of(value: object) -> str:
    if isinstance(value, list):
        return "danh sách"
    if isinstance(value, dict):
        return "nhóm trường"
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "giá trị trống"
    return "giá trị khác"
