"""What `bantin check` says to other programs: a JSON document, GitHub workflow commands (the
annotations on a pull request's files) and a Markdown report (a workflow run's summary, the comment
on a pull request). Editor text is text in each: escaped for the command syntax of GitHub's runner,
or for GitHub's Markdown with its automatic links and @mentions."""

from __future__ import annotations

import posixpath
import re
from dataclasses import asdict

from bantin.model.errors import ContentError, summary_line
from bantin.model.text import thousands


def ordered(problems: list[ContentError]) -> list[ContentError]:
    """Errors first, then warnings, each by file and line: a report cut short keeps the errors."""
    return sorted(problems, key=lambda p: (p.warning, p.path, p.line or 0))


def as_json(problems: list[ContentError]) -> dict:
    errors = [p for p in problems if not p.warning]
    return {"ok": not errors, "errors": len(errors), "warnings": len(problems) - len(errors),
            "problems": [{**asdict(p), "level": "warning" if p.warning else "error"} for p in problems]}


def closing_line(problems: list[ContentError], checked: str | None) -> str:
    """The last line of `bantin check`: the count of problems, or what was checked without error."""
    if checked is not None and not any(not p.warning for p in problems):
        return f"Không có lỗi: {checked}."
    return summary_line(problems)


# -- GitHub workflow commands ----------------------------------------------------------------------------------
# The runner reads a line of a step's output that starts with "::" as a command: "::error file=…,line=…,title=…::
# message". Escaping as GitHub's toolkit does (packages/core/src/command.ts) keeps each problem on its one line, so
# no text of an editor's can start a command of its own; ':' and ',' would end a property early.


def command_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def command_property(text: str) -> str:
    return command_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem: ContentError, prefix: str = "") -> str:
    """One problem as a workflow command: an error or warning on its file and line. `prefix`: the
    project's folder in the repository (the runner wants paths from the repository's root)."""
    properties = []
    if problem.path:
        properties.append(f"file={command_property(posixpath.join(prefix, problem.path))}")
    if problem.line:
        properties.append(f"line={problem.line}")
    title = f"Kiểm tra bài viết · trường '{problem.field}'" if problem.field else "Kiểm tra bài viết"
    properties.append(f"title={command_property(title)}")
    text = problem.message + (f"\n→ {problem.hint}" if problem.hint else "")
    return f"::{'warning' if problem.warning else 'error'} {','.join(properties)}::{command_data(text)}"


def github_commands(problems: list[ContentError], checked: str | None, prefix: str = "") -> str:
    """`bantin check --format github`: an annotation per problem, then the closing line."""
    return "".join(annotation(p, prefix) + "\n" for p in ordered(problems)) + closing_line(problems, checked) + "\n"


# -- Markdown for GitHub -----------------------------------------------------------------------------------------
_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")  # what str.splitlines() splits at
# Control characters, and the marks that reorder text right to left (they could make a message read otherwise).
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# GitHub links more than Markdown does, after rendering, in the text it shows: @user and @org/team (a mention
# notifies them), #12 and GH-12 (a reference appears in that timeline), bare http://, www. and e-mail
# addresses. A word joiner (U+2060, invisible) after '@', '#', 'GH-', '://' and 'www' breaks each pattern.
WORD_JOINER = "\u2060"
_AUTOLINKS = re.compile(r"(@|#|(?i:\bgh-)(?=\d)|:(?=//)|(?i:www)(?=\.))")
# Inside a line (a table cell) these are markup: '\\' escapes, '`' code, '*' '_' emphasis, '~' strikethrough,
# '[' ']' links, images and footnotes, '|' the end of a cell (even in `code`), '$' GitHub's math; backslash-escaped.
# '&', '<' and '>' become entities: no HTML, no <autolink>, no &entity; of the editor's. What is markup only at
# the start of a line ('#', '-', '1.', '>') never is there.
_MARKUP = re.compile(r"([\\`*_\[\]|~$])")


def github_text(text: str) -> str:
    """Editor text as text in GitHub's Markdown, in a paragraph or a table cell: on one line, no markup, HTML,
    links, mentions or references of its own."""
    text = _LINE_BREAKS.sub(" ", text).replace("\t", " ")
    text = _INVISIBLE.sub("\ufffd", text)
    text = _AUTOLINKS.sub(lambda m: m.group(0) + WORD_JOINER, text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKUP.sub(r"\\\1", text)


COMMENT_LIMIT = 60_000  # bytes; GitHub refuses a comment over 65,536 characters

_EDITOR_STEPS = ("mở **Quy trình biên tập** trong trình soạn thảo web (trang `/admin/` của bản tin), bấm vào bài, "
                 "chuyển bài sang **Sẵn sàng** rồi bấm **Xuất bản**. Trang bản tin được cập nhật vài phút sau "
                 "khi xuất bản.")


def markdown_report(problems: list[ContentError], checked: str | None, limit: int = COMMENT_LIMIT) -> str:
    """`bantin check --format markdown`: a heading that says whether the post can be published, the problems
    in a table (file, line, field, what is wrong, the fix) and what to do next in the web editor. At most
    `limit` bytes (UTF-8): the rows that do not fit are counted instead."""
    errors = sum(not p.warning for p in problems)
    warnings = len(problems) - errors
    lines = []
    if errors:
        counts = f"{thousands(errors)} lỗi" + (f", {thousands(warnings)} cảnh báo" if warnings else "")
        lines += [f"### ❌ Kiểm tra bài viết: {counts} — chưa đăng được", "",
                  "Bài chưa đăng được cho tới khi sửa hết lỗi. Mỗi dòng trong bảng nói tệp, dòng, trường "
                  "và cách sửa."]
    elif warnings:
        lines += [f"### ✅ Kiểm tra bài viết: không có lỗi, {thousands(warnings)} cảnh báo — đăng được", "",
                  "Bài đăng được. Nên xem các cảnh báo dưới đây trước khi đăng; chúng không ngăn việc đăng."]
    else:
        lines += ["### ✅ Kiểm tra bài viết: không có lỗi — đăng được"]
    if checked is not None:
        lines += ["", f"Đã kiểm tra {checked}."]
    end = ["", "**Việc tiếp theo:** " + _EDITOR_STEPS]
    if errors:
        end = ["", "**Việc tiếp theo trong trình soạn thảo web** (trang `/admin/` của bản tin):",
               "1. Mở **Quy trình biên tập** và bấm vào bài.",
               "2. Sửa từng trường nêu trong bảng theo cột *Cách sửa*, rồi bấm **Lưu**.",
               "3. Việc kiểm tra tự chạy lại sau mỗi lần lưu và cập nhật bình luận này sau vài phút. Khi không "
               "còn lỗi, chuyển bài sang **Sẵn sàng** rồi bấm **Xuất bản**."]
    if any(not p.path.endswith(".md") for p in problems if not p.warning):
        end += ["", "Lỗi ở tệp không phải bài viết (như `registry.yml`, `mkdocs.yml`, `bantin.lock.json`) "
                    "không sửa được trong trình soạn thảo web: nhờ người phụ trách kỹ thuật của cơ quan sửa."]
    if problems:
        lines += ["", "| Mức | Tệp | Dòng | Trường | Vấn đề | Cách sửa |", "| --- | --- | ---: | --- | --- | --- |"]
    size = sum(len(line.encode()) + 1 for line in lines + end) + 200  # 200: the line saying what was left out
    rows = 0
    for problem in ordered(problems):
        row = (f"| {'⚠️ Cảnh báo' if problem.warning else '❌ Lỗi'} | {github_text(problem.path) or '—'} | "
               f"{problem.line or '—'} | {github_text(problem.field or '') or '—'} | {github_text(problem.message)} | "
               f"{github_text(problem.hint or '') or '—'} |")
        size += len(row.encode()) + 1
        if size > limit:
            break
        lines.append(row)
        rows += 1
    if rows < len(problems):
        lines += ["", f"… và {thousands(len(problems) - rows)} lỗi hoặc cảnh báo nữa không vừa ở đây: chạy "
                      "`bantin check` trên máy để xem hết, hoặc nhờ người phụ trách kỹ thuật."]
    return "\n".join(lines + end) + "\n"
