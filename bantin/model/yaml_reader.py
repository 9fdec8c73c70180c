"""YAML text → plain Python values, with the line of every field path.

The front matter of posts and the registry file are both read here. Scalars are kept as their
source text (so `title: 2020` is the text "2020" and `date: 2020-02-30` reaches the date parser
unchanged); only `true`/`false` and empty values are interpreted. Aliases, tags other than the
plain ones and nesting deeper than MAX_DEPTH are refused, and every syntax error PyYAML reports
is said in Vietnamese with its line and field.
"""

from __future__ import annotations

import re

import yaml
from yaml.events import AliasEvent, MappingStartEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bantin.model.errors import ContentError, shorten
from bantin.model.text import nfc

Path = tuple  # a field path such as ("photos", 2, "src")

_BOOL_TRUE = {"true", "True", "TRUE"}
_BOOL_FALSE = {"false", "False", "FALSE"}
_NULL = {"", "~", "null", "Null", "NULL"}
# Scalars are kept as text; any other tag (!!python/object, !!binary, custom tags) is refused.
_PLAIN_TAGS = {"!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
               "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"}
_ALLOWED_TAGS = _PLAIN_TAGS | {"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
# Lists and mappings inside one another: a post needs 3 levels (photos: - src: …), the registry 4.
# Bounded here, well below what the parsers survive (libyaml stops at 1,000, PyYAML's composer
# and every recursive reader after it meet Python's recursion limit sooner).
MAX_DEPTH = 50


def line_of(lines: dict, path: Path) -> int | None:
    """The line of `path`, or of its nearest parent that has one."""
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None


class _TooDeep(Exception):
    def __init__(self, mark):
        self.mark = mark


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses aliases (no billion-laughs, no hidden sharing) and nesting
    deeper than MAX_DEPTH (PyYAML composes recursively: a RecursionError otherwise)."""

    depth = 0

    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "tham chiếu YAML (*alias) không được dùng", event.start_mark
            )
        collection = self.check_event(SequenceStartEvent, MappingStartEvent)
        if collection:
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark)
        try:
            return super().compose_node(parent, index)
        finally:
            if collection:
                self.depth -= 1


_FAST = getattr(yaml, "CSafeLoader", None)  # libyaml, when PyYAML was built with it


def _compose(text: str):
    """YAML text → node tree. libyaml when the text can hold no alias or anchor and parses
    cleanly; otherwise PyYAML's own parser, which refuses aliases and words every error."""
    if _FAST is not None and "*" not in text and "&" not in text:
        try:
            return yaml.compose(text, Loader=_FAST)
        except yaml.YAMLError:
            pass  # reported by the slower parser below, with its line and wording
    return yaml.compose(text, Loader=_Loader)


class _Problem(Exception):
    def __init__(self, line: int, field: str | None, message: str, hint: str | None = None, value=None):
        self.line, self.field, self.message, self.hint, self.value = line, field, message, hint, value


_CURLY = {"“": "”", "‘": "’", "„": "“", "«": "»", "”": "”"}


def _convert(node: Node, path: Path, lines: dict, offset: int, notes: list | None = None) -> object:
    lines[path] = node.start_mark.line + offset
    if len(path) >= MAX_DEPTH and isinstance(node, (SequenceNode, MappingNode)):  # libyaml composed it
        raise _Problem(lines[path], _name(path[:1]), *_TOO_DEEP)
    if node.tag not in _ALLOWED_TAGS:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise _Problem(lines[path], _name(path), f"thẻ YAML '{tag}' không được phép",
                       "xoá phần bắt đầu bằng '!' trước giá trị", tag)
    if isinstance(node, ScalarNode):
        if node.tag in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"):
            if node.value in _BOOL_TRUE:
                return True
            if node.value in _BOOL_FALSE:
                return False
            if node.value in _NULL and not node.style:  # plain (PyYAML: None, libyaml: "")
                return None
        value = nfc(node.value)
        if (notes is not None and not node.style and len(value) >= 2 and path
                and _CURLY.get(value[0]) == value[-1]):
            # Word turns typed quotes into curly ones, which YAML does not read as quotes.
            notes.append((path, lines[path], value))
            return value[1:-1].strip()
        return value
    if isinstance(node, SequenceNode):
        return [_convert(item, path + (i,), lines, offset, notes) for i, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + offset
            if not isinstance(key_node, ScalarNode):
                raise _Problem(line, _name(path), "tên trường phải là chữ")
            key = nfc(key_node.value)
            if key in result:
                raise _Problem(
                    line, _name(path + (key,)), f"trường '{key}' được khai báo hai lần",
                    "xoá một trong hai dòng", key,
                )
            result[key] = _convert(value_node, path + (key,), lines, offset, notes)
            lines[path + (key,)] = line
        return result
    raise _Problem(lines[path], _name(path), "giá trị YAML không đọc được")  # pragma: no cover


def field_name(path: Path) -> str:
    """A field path as messages name it: ("photos", 2, "src") → "photos[2].src"."""
    text = str(path[0])
    for part in path[1:]:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text


def _name(path: Path) -> str | None:
    return field_name(path) if path else None


def parse_yaml(
    yaml_text: str, rel_path: str, *, first_line: int = 1, source_lines: list[str] | None = None
, notes: list | None = None) -> tuple[object, dict, list[ContentError]]:
    """Parse YAML into plain values and a {field path: line} map, or report why not."""
    offset = first_line  # PyYAML lines are 0-based
    if source_lines is None:
        source_lines = [""] * (first_line - 1) + yaml_text.split("\n")
    try:
        node = _compose(yaml_text)
    except _TooDeep as exc:
        line = exc.mark.line + offset
        return None, {}, [ContentError(rel_path, line, _top_field(source_lines, line), *_TOO_DEEP)]
    except RecursionError:  # only if called with the stack nearly used up: MAX_DEPTH is far below
        return None, {}, [ContentError(rel_path, first_line, None, *_TOO_DEEP)]
    except yaml.reader.ReaderError as exc:  # a character YAML refuses: no mark, only a position
        line = yaml_text[: exc.position].count("\n") + offset
        return None, {}, [ContentError(
            rel_path, line, field_on(source_lines, line),
            f"có ký tự điều khiển không in được (mã {exc.character:#04x})",
            "gõ lại dòng này, hoặc dán dưới dạng văn bản thuần")]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and (exc.context == "while scanning a quoted scalar"
                                 or "<stream end>" in (exc.problem or "")):
            mark = exc.context_mark  # where the quote or bracket opened, not the end of the text
        line = mark.line + offset if mark else first_line
        problem = exc.problem or exc.context or "lỗi cú pháp"
        line_text = source_lines[line - 1] if 0 < line <= len(source_lines) else ""
        return None, {}, [ContentError(
            rel_path, line, field_on(source_lines, line), f"lỗi cú pháp YAML: {_translate(problem)}",
            _yaml_hint(problem, line_text),
        )]
    except yaml.YAMLError as exc:  # pragma: no cover - PyYAML marks nearly everything
        return None, {}, [ContentError(rel_path, first_line, None, f"lỗi cú pháp YAML: {exc}")]
    if node is None:
        return None, {}, []
    found: dict = {}
    try:
        data = _convert(node, (), found, offset, notes)
    except _Problem as p:
        return None, {}, [ContentError(rel_path, p.line, p.field, p.message, p.hint,
                                       None if p.value is None else str(p.value))]
    return data, found, []


_TOO_DEEP = (f"giá trị lồng nhau quá sâu (quá {MAX_DEPTH} tầng danh sách hay nhóm lồng vào nhau)",
             "xoá các dấu '[', '{' hoặc '-' thừa: mỗi trường chỉ cần một, hai tầng, "
             "ví dụ 'tags: [đại hội]' hay 'photos:' rồi các dòng '- src: …'")


def _top_field(source_lines: list[str], line: int) -> str | None:
    """The top-level field whose value spans `line` (the nearest line above that starts one)."""
    for n in range(min(line, len(source_lines)), 0, -1):
        match = re.match(r"([A-Za-z_][\w-]*)\s*:(?:\s|$)", source_lines[n - 1])
        if match:
            return match.group(1)
    return None


_TRANSLATIONS = {
    "found character '\\t' that cannot start any token": "có ký tự Tab, YAML chỉ cho phép dấu cách",
    "mapping values are not allowed here": "dấu ':' đặt sai chỗ",
    "could not find expected ':'": "thiếu dấu ':' sau tên trường",
    "found undefined alias": "tham chiếu YAML (*alias) không được dùng",
    "expected <block end>, but found '<block sequence start>'": "thụt lề danh sách không đúng",
    "expected <block end>": "thụt lề không đúng",
    "while scanning a quoted scalar": "thiếu dấu nháy đóng",
    "found unexpected end of stream": "thiếu dấu nháy đóng",
    "expected ',' or ']', but got '<stream end>'": "thiếu dấu ']' đóng danh sách",
    "expected ',' or '}', but got '<stream end>'": "thiếu dấu '}' đóng nhóm",
    "did not find expected key": "thụt lề không đúng hoặc thiếu dấu ':'",
    "did not find expected node content": "thiếu giá trị sau dấu ':' hoặc '-'",
    "found unhashable key": "tên trường không hợp lệ",
}


def _translate(problem: str) -> str:
    for english, vietnamese in _TRANSLATIONS.items():
        if problem.startswith(english):
            return vietnamese
    if "tham chiếu" in problem:
        return problem
    return "cấu trúc không hợp lệ (thụt lề, dấu ':' hoặc dấu '-' đặt sai)"


_KEY = re.compile(r"\s*([A-Za-z_][\w-]*)\s*:(?:\s|$)")


def field_on(source_lines: list[str], line: int) -> str | None:
    """The field a line of front matter sets (`title: …` → title), if it sets one."""
    match = _KEY.match(source_lines[line - 1]) if 0 < line <= len(source_lines) else None
    return match.group(1) if match else None


def _yaml_hint(problem: str, line_text: str) -> str:
    if "\\t" in problem or "\t" in line_text:
        return "thay ký tự Tab bằng dấu cách"
    if "<stream end>" in problem:
        return "thêm dấu đóng ở cuối giá trị trên dòng này"
    if problem.startswith("found unexpected end of stream"):
        return "thêm dấu nháy đóng ở cuối giá trị trên dòng này"
    if problem.startswith("mapping values"):
        return "nếu giá trị có dấu ':', hãy đặt cả giá trị trong dấu nháy kép \"…\""
    if "alias" in problem or "tham chiếu" in problem:
        return "viết giá trị đầy đủ thay vì dùng '*' hoặc '&'"
    return f"kiểm tra dòng: {shorten(line_text.strip())}" if line_text.strip() else "kiểm tra thụt lề và dấu ':'"
