"""A post's body before and after Markdown: the limits that keep rendering fast, the lines outside
fenced code, the images of the rendered HTML, and rendering for the checks.

Plain text scans here are line by line and linear: they run before Markdown ever sees a body.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from html.parser import HTMLParser

from bantin.model.errors import ContentError
from bantin.model.markup import parseable
from bantin.model.text import thousands

MAX_PARAGRAPH = 50_000  # characters in one paragraph: a long article has a few thousand
MAX_BRACKET_WORK = 5_000_000  # characters Markdown scans for ']' after each open '[' (about 1 s)
MAX_NESTING = 40  # quotes, lists and indentation levels in one line of a body
_FENCE = re.compile(r"^\s*(```|~~~)")
_NESTING = re.compile(r" {0,3}(?:>|[-*+](?=\s)|\d{1,9}[.)](?=\s)) ?")


def fenced(lines: Iterable[str]) -> Iterator[tuple[str, bool, bool]]:
    """(line, in code, is a fence) for each line: a line opening a fence (``` or ~~~) and those
    after it are in code, the line closing it is not (it is a fence, though)."""
    in_code = False
    for line in lines:
        fence = _FENCE.match(line) is not None
        if fence:
            in_code = not in_code
        yield line, in_code, fence


def outside_code(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(line number, text) of each line of a body that is neither fenced code nor a fence line:
    where Markdown reads links and text."""
    for offset, (line, in_code, fence) in enumerate(fenced(body.split("\n"))):
        if not in_code and not fence:
            yield first_line + offset, line


class _HtmlImages(HTMLParser):
    """<img> tags of a rendered body, read as a browser reads them (any quoting, any order)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (src, alt)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "img":
            values = dict(attrs)
            if values.get("src"):
                self.found.append((values["src"].strip(), values.get("alt") or ""))

    handle_startendtag = handle_starttag


def body_images(html: str) -> list[tuple[str, str]]:
    """(src, alt) of every image of a rendered body, in order."""
    if "<img" not in html:
        return []
    parser = _HtmlImages()
    parser.feed(parseable(html))
    parser.close()
    return parser.found


_OPENERS = {"[": ("]", "vuông", "viết \\[ để giữ dấu '[' như chữ"),
             "<": (">", "nhọn", "viết &lt; cho dấu '<' trong chữ, hoặc đóng thẻ HTML bằng '>'")}


def body_limits(body: str, first_line: int, rel_path: str) -> list[ContentError]:
    """What in a body would make Markdown take minutes, or fail: errors at the lines, found in
    one linear pass, before the body is ever rendered (the build and the tools that write posts
    apply the same limits).

    Python-Markdown's inline processing is super-linear within one paragraph: in its length (a
    2 MB body in one paragraph takes minutes, the same text in paragraphs seconds), and in each
    '[' or '<' left open, which is matched against the rest of the paragraph. It recurses once per
    level of quotes and lists. Table rows count apart."""
    errors: list[ContentError] = []

    def error(line: int, message: str, hint: str) -> None:
        errors.append(ContentError(rel_path, line, "nội dung", message, hint))

    start: int | None = None
    length = 0
    opened: dict[str, list[int]] = {c: [] for c in _OPENERS}  # where each opener not yet closed stands
    work = dict.fromkeys(_OPENERS, 0)
    worst = {c: (0, 0, 0) for c in _OPENERS}  # (cost, line, openers) of the costliest paragraph
    deepest, deep_line = 0, 0
    for offset, (line, in_code, _) in enumerate(fenced(body.split("\n") + [""])):
        if in_code or not line.strip() or line.lstrip().startswith("|"):
            if length > MAX_PARAGRAPH:
                error(start or first_line, f"đoạn văn bắt đầu ở dòng {start} dài {thousands(length)} ký tự, quá giới "
                      f"hạn {thousands(MAX_PARAGRAPH)}", "ngắt thành nhiều đoạn: để một dòng trống giữa các đoạn")
                return errors
            for opener, positions in opened.items():
                cost = sum(length - at for at in positions)
                work[opener] += cost
                if cost > worst[opener][0]:
                    worst[opener] = (cost, start or first_line, len(positions))
                positions.clear()
            start, length = None, 0
            continue
        if start is None:
            start = first_line + offset
        expanded = line.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip(" "))
        depth, at = indent // 4, indent
        while (marker := _NESTING.match(expanded, at)) is not None:
            depth, at = depth + 1, marker.end()
        if depth > deepest:
            deepest, deep_line = depth, first_line + offset
        if "[" in line or "]" in line or "<" in line or ">" in line:
            previous = ""
            for i, char in enumerate(line):
                if previous != "\\":
                    if char in opened:
                        opened[char].append(length + i)
                    elif char == "]" and opened["["]:
                        opened["["].pop()
                    elif char == ">" and opened["<"]:
                        opened["<"].pop()
                previous = char
        length += len(line) + 1
    if deepest > MAX_NESTING:
        error(deep_line, f"dòng {deep_line} lồng {thousands(deepest)} tầng (trích dẫn '>', danh sách, thụt lề), quá "
              f"giới hạn {MAX_NESTING}", "bỏ bớt các dấu '>' hoặc '-' ở đầu dòng, hoặc thụt lề ít hơn")
    for opener, (closer, name, fix) in _OPENERS.items():
        if work[opener] > MAX_BRACKET_WORK:
            _, where, count = worst[opener]
            error(where, f"đoạn văn bắt đầu ở dòng {where} có {thousands(count)} dấu '{opener}' không được đóng bằng "
                  f"'{closer}': tạo trang sẽ rất chậm", f"đóng các dấu ngoặc {name}, hoặc {fix}")
    return errors


_MARKDOWN = None


def render_body(body: str) -> str | None:
    """A body as HTML, through the Markdown extensions every bantin site has (for the markup
    check: the build renders pages itself, and checks what it rendered again)."""
    global _MARKDOWN
    if _MARKDOWN is None:
        import markdown

        _MARKDOWN = markdown.Markdown(extensions=["tables", "fenced_code", "attr_list", "md_in_html"])
    try:
        return _MARKDOWN.reset().convert(body)
    except RecursionError:  # nesting no page needs; the build would fail the same way
        return None
