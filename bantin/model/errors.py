"""The one error type for content problems, and the formatter shared by build and check; the
words for what goes wrong around it (a name that is none of the choices, a merge conflict, a file
the system could not read or write)."""

from __future__ import annotations

import errno
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ContentError:
    """A problem in a source file, reported to editors in Vietnamese.

    `path` is relative to the project root, `line` is 1-based (None when unknown),
    `field` names the front-matter field or registry key, `value` the bad value.
    """

    path: str
    line: int | None
    field: str | None
    message: str
    hint: str | None = None
    value: str | None = None
    warning: bool = False

    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path

    def format(self) -> str:
        where = self.location()
        field = f" [{self.field}]" if self.field else ""
        text = f"{where}:{field} {self.message}"
        if self.hint:
            text += f"\n    → {self.hint}"
        return text


class ContentErrors(Exception):
    """Raised once, with every problem found, when content cannot be built."""

    def __init__(self, errors: Iterable[ContentError], posts: Iterable = ()):
        self.errors = sorted(errors, key=lambda e: (e.path, e.line or 0))
        self.posts = tuple(posts)  # the posts that were read without error, for further checks
        super().__init__(format_report(self.errors))


def shorten(value: object, limit: int = 80) -> str:
    """A value as it should appear inside an error message: as written in YAML, cut when long."""
    text = _as_written(value)
    text = text.replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _as_written(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(map(_as_written, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_as_written(k)}: {_as_written(v)}" for k, v in value.items()) + "}"
    return "" if value is None else str(value)


def summary_line(errors: list[ContentError]) -> str:
    n_err = sum(1 for e in errors if not e.warning)
    n_warn = len(errors) - n_err
    files = len({e.path for e in errors})
    parts = []
    if n_err:
        parts.append(f"{n_err} lỗi")
    if n_warn:
        parts.append(f"{n_warn} cảnh báo")
    if not parts:
        return "Không có lỗi."
    return f"Có {' và '.join(parts)} trong {files} tệp."


def format_report(errors: list[ContentError]) -> str:
    """All problems grouped by file, then one summary line."""
    by_file: dict[str, list[ContentError]] = defaultdict(list)
    for error in errors:
        by_file[error.path].append(error)
    lines = []
    for errs in by_file.values():
        for error in sorted(errs, key=lambda e: e.line or 0):
            prefix = "CẢNH BÁO " if error.warning else "LỖI "
            lines.append(prefix + error.format())
    lines.append(summary_line(errors))
    return "\n".join(lines)


def closest(value: str, choices: Iterable[str] | Mapping[str, str], *, cutoff: float = 0.6) -> str | None:
    """The choice nearest to `value` (compared without tones or case), for "did you mean".

    With a mapping, names are compared and the matching name's value (a key) is returned.
    """
    import difflib

    from bantin.model.text import match_key

    pairs = choices.items() if isinstance(choices, Mapping) else ((c, c) for c in choices)
    folded: dict[str, str] = {}
    for name, result in pairs:
        folded.setdefault(match_key(name), result)
    match = difflib.get_close_matches(match_key(value), list(folded), n=1, cutoff=cutoff)
    return folded[match[0]] if match else None


def did_you_mean(value: str, choices: Iterable[str] | Mapping[str, str], otherwise: str) -> str:
    """The hint for a name that is none of `choices`: the closest one ("có phải ý bạn là 'x'?"),
    or `otherwise` when none is close."""
    guess = closest(value, choices)
    return f"có phải ý bạn là '{guess}'?" if guess else otherwise


# Git's conflict markers: "<<<<<<< ours", "||||||| base" (diff3), "=======", ">>>>>>> theirs";
# seven characters, or more with git's conflict-marker-size.
_MARKER = re.compile(r"^(?:(<{7,}|\|{7,}|>{7,})(?:[ \t][^\n]*)?|(={7,}))\r?$", re.MULTILINE)
MERGE_HINT = ("mở tệp, giữ phần đúng giữa '<<<<<<<' và '>>>>>>>', xoá các dòng dấu "
              "(<<<<<<<, =======, >>>>>>>), rồi commit")


def merge_conflict(text: str, path: str, hint: str = MERGE_HINT) -> ContentError | None:
    """An error at the first of the conflict markers a git merge left in a file, else None.

    Markers of git's default size (7) count when two kinds are there ("=======" alone is also a
    Markdown heading underline), so a half-resolved conflict is found too; longer ones (git's
    conflict-marker-size) only as a whole conflict, "<", "=" and ">" of one size, since longer
    runs of these characters are likelier to be text."""
    if "<<<<<<<" not in text and ">>>>>>>" not in text and "|||||||" not in text:
        return None
    by_size: dict[int, list[tuple[int, str, str]]] = {}  # size → (line, kind, text) of each marker
    line, position = 1, 0
    for match in _MARKER.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        marker = match.group(1) or match.group(2)
        by_size.setdefault(len(marker), []).append((line, marker[0], match.group(0).rstrip()))
    found = []
    for size, markers in by_size.items():
        kinds = {kind for _, kind, _ in markers}
        if (size == 7 and len(kinds) > 1 and kinds & {"<", ">", "|"}) or {"<", "=", ">"} <= kinds:
            found += markers
    if not found:
        return None
    first_line, _, first_text = min(found)
    places = sum(kind == "<" for _, kind, _ in found)
    where = f" ({places} chỗ)" if places > 1 else ""
    return ContentError(path, first_line, None, f"tệp còn dấu xung đột khi gộp nhánh (merge) của git{where}", hint,
                        shorten(first_text))


def exception_chain(exc: BaseException | None):
    """An exception and those it was raised from or while handling (MkDocs wraps errors in
    PluginError, BuildError and Abort), each once."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def os_error(exc: BaseException) -> OSError | None:
    """The failure of the machine (disk, permissions, ports) behind an exception, if any."""
    return next((e for e in exception_chain(exc) if isinstance(e, OSError)), None)


_READ_FAILURES = {
    errno.ENOENT: "tệp không còn ở đó (có thể là lối tắt tới một tệp đã xoá)",
    errno.EACCES: "không có quyền đọc", errno.EPERM: "không có quyền đọc", errno.EISDIR: "đây là một thư mục",
    errno.ELOOP: "lối tắt trỏ vòng vào chính nó", errno.EIO: "lỗi đọc ổ đĩa", errno.ENAMETOOLONG: "đường dẫn quá dài",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
}


def read_failure(exc: OSError) -> str:
    """Why a file could not be read, in Vietnamese (the system's own words are English)."""
    return _failure(_READ_FAILURES, exc)


_WRITE_FAILURES = {errno.ENOSPC: "ổ đĩa đã đầy", errno.EACCES: "không có quyền ghi", errno.EPERM: "không có quyền ghi",
                   errno.EROFS: "ổ đĩa chỉ cho đọc", errno.EIO: "lỗi ghi ổ đĩa",
                   errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục"}


def write_failure(exc: OSError) -> str:
    """Why a file could not be written, in Vietnamese."""
    return _failure(_WRITE_FAILURES, exc)


def _failure(words: dict[int, str], exc: OSError) -> str:
    code = exc.errno
    return words.get(code or 0, f"lỗi hệ thống {errno.errorcode.get(code or 0, code)}")
