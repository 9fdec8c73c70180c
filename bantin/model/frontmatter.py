"""Split a post into YAML front matter and body, keeping the line of every field.

MkDocs silently drops front matter it cannot parse; here every syntax problem is a
`ContentError` with its line (the YAML itself is read by `yaml_reader`). Characters pasted from
Word or a web page that look like a space or a line break but are not one to YAML (in the
indentation, a field name, after its ':') are refused here, before YAML misreads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bantin.model.errors import ContentError, shorten
from bantin.model.text import nfc
from bantin.model.yaml_reader import Path, field_on, line_of, parse_yaml

_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")


@dataclass
class FrontMatter:
    """Parsed front matter as plain Python values, with the line of each field path."""

    data: dict
    lines: dict = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    curly: list = field(default_factory=list)  # (path, line, value as written) of “quoted” values

    def line(self, path: Path) -> int | None:
        return line_of(self.lines, path)


def split(text: str, rel_path: str) -> tuple[FrontMatter | None, list[ContentError]]:
    """Split a post's text; return its front matter (None on failure) and the problems found."""
    text = nfc(text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]) or lines[0].startswith("..."):
        first = shorten(lines[0]) if lines and lines[0].strip() else "(trống)"
        return None, [ContentError(
            rel_path, 1, None,
            f"bài viết không bắt đầu bằng phần khai báo (front matter); dòng đầu là '{first}'",
            "dòng đầu tiên của tệp phải là '---', tiếp theo là các trường title, date, agency…, rồi một dòng '---'",
        )]
    end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i])), None)
    if end is None:
        return None, [ContentError(
            rel_path, 1, None, "phần khai báo (front matter) mở bằng '---' nhưng không được đóng",
            "thêm một dòng '---' sau trường cuối cùng, trước nội dung bài",
        )]
    yaml_text = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1:])
    odd = [error for n, line in enumerate(lines[1:end], 2)
           if (error := _odd_space(line, n, rel_path) or _odd_break_or_colon(line, n, rel_path))]
    if odd:
        return None, odd
    curly: list = []
    data, found, errors = parse_yaml(yaml_text, rel_path, first_line=2, source_lines=lines, notes=curly)
    if errors:
        return None, errors
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, [ContentError(
            rel_path, found.get((), 2), None,
            "phần khai báo phải là danh sách 'tên: giá trị', mỗi trường một dòng",
            "ví dụ: 'title: Đại hội Chi bộ Văn phòng'",
        )]
    return FrontMatter(data, found, body, end + 2, curly), []


_TODO = re.compile(r"(?:^|[ \t])#[ \t]*TODO\b[ \t]*:?[ \t]*(?P<note>.*?)[ \t]*$")
_KEY = re.compile(r"^(?P<key>[^\s#:\-][^:#]*?)[ \t]*:(?:[ \t]|$)")


@dataclass(frozen=True)
class Todo:
    """A `# TODO` comment left in a post's front matter (by `bantin import`, or an editor)."""

    line: int
    field: str | None  # the top-level field it is written under
    note: str


def todos(text: str) -> list[Todo]:
    """Every `# TODO` comment in a post's front matter, with its line and field."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not lines or not _FENCE.match(lines[0]):
        return []
    found: list[Todo] = []
    field_: str | None = None
    for number, line in enumerate(lines[1:], 2):
        if _FENCE.match(line):
            return found
        key = _KEY.match(line)
        if key:
            field_ = key.group("key").strip()
        todo = _TODO.search(line)
        if todo:
            found.append(Todo(number, field_, todo.group("note")))
    return []  # never closed: the post's own error says so


# Characters that look like a space (or like nothing) but are not one to YAML: pasted from Word
# or a web page, they turn indentation or a 'key: value' into something else.
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]")


_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
_SPACE_NAMES = {"\u00a0": "khoảng trắng không ngắt", "\u202f": "khoảng trắng hẹp không ngắt",
                "\u3000": "khoảng trắng rộng", "\ufeff": "ký tự BOM vô hình", "\u200b": "khoảng trắng độ rộng 0",
                "\u200c": "ký tự vô hình", "\u200d": "ký tự vô hình", "\u2060": "ký tự vô hình"}


_BREAKS = {"\u2028": "ngắt dòng của Word", "\u2029": "ngắt đoạn của Word", "\u0085": "xuống dòng kiểu cũ"}


def _odd_break_or_colon(line: str, number: int, rel_path: str) -> ContentError | None:
    """A line break YAML sees and the editor does not (U+2028 …), or a full-width colon where the
    field's ':' should be: an error at that line, naming the character."""
    field = field_on([line.replace("\uff1a", ":")], 1)
    for char, name in _BREAKS.items():
        if char in line:
            return ContentError(rel_path, number, field, f"dòng có ký tự U+{ord(char):04X} ({name}): YAML coi nó là "
                                "chỗ xuống dòng, nhưng trình soạn thảo không hiện ra",
                                "xoá ký tự này: đặt con trỏ ở chỗ dòng bị ngắt rồi xoá, hoặc gõ lại dòng này")
    key = re.match(r"\s*(?:-\s*)?([^:#'\"\uff1a]+)\uff1a", line)
    if key and ":" not in line[:key.end()]:
        return ContentError(rel_path, number, field, "dòng dùng dấu hai chấm toàn khổ '：' (U+FF1A) sau tên trường, "
                            "YAML chỉ nhận dấu ':' thường", "gõ lại dấu ':' bằng bàn phím (tắt bộ gõ Trung/Nhật)")
    return None


def _odd_space(line: str, number: int, rel_path: str) -> ContentError | None:
    """An error when a look-alike space stands where YAML needs a real one: in the indentation,
    in a field name or right after its ':' (inside a value it is just text)."""
    stripped = line.lstrip(" \t-")
    where = None
    if _ODD_SPACES.match(stripped):
        where, char = "ở đầu dòng (thụt lề)", stripped[0]
    else:
        key = re.match(r"([^:#'\"]*?):(.?)", stripped)
        odd = _ODD_SPACES.search(key.group(1)) if key else None
        if key and odd:
            where, char = "trong tên trường", odd.group()
        elif key and key.group(2) and _ODD_SPACES.match(key.group(2)):
            where, char = "ngay sau dấu ':'", key.group(2)
    if where is None:
        return None
    name = _SPACE_NAMES.get(char, "khoảng trắng đặc biệt")
    return ContentError(rel_path, number, field_on([_ODD_SPACES.sub(lambda m: "" if m.group() in _ZERO_WIDTH else " ", line)], 1),
                        f"dòng có ký tự U+{ord(char):04X} ({name}) {where}: trông như dấu cách nhưng YAML không "
                        "đọc là dấu cách (thường có khi chép từ Word hay trang web)",
                        "xoá các khoảng trắng ở chỗ đó rồi gõ lại bằng phím cách")
