"""Terms of office (nhiệm kỳ): "2020-2025", parsed leniently and validated strictly."""

from __future__ import annotations

import re
from dataclasses import dataclass

MIN_YEAR, MAX_YEAR = 1930, 2100  # the Party was founded in 1930
MAX_SPAN = 10

_TERM = re.compile(r"^\s*(?:nhiệm kỳ\s*)?(\d+)\s*[-‐‑‒–—−/]\s*(\d+)\s*$", re.IGNORECASE)


class TermError(ValueError):
    """A term that cannot be read; the message is Vietnamese and shown to editors."""


@dataclass(frozen=True, slots=True, order=True)
class Term:
    start: int
    end: int

    def __str__(self) -> str:
        return f"{self.start}-{self.end}"

    @property
    def slug(self) -> str:
        return str(self)

    @property
    def label(self) -> str:
        return f"Nhiệm kỳ {self}"


def parse_term(value: object) -> Term:
    """Parse "2017-2020", "2017 - 2020", "2017–2020" or "nhiệm kỳ 2017-2020" into a Term."""
    if isinstance(value, int):
        raise TermError("nhiệm kỳ cần năm bắt đầu và năm kết thúc, dạng YYYY-YYYY")
    if not isinstance(value, str):
        raise TermError("nhiệm kỳ phải là chuỗi dạng YYYY-YYYY")
    match = _TERM.match(value)
    if not match:
        raise TermError("không đọc được nhiệm kỳ; hãy viết dạng YYYY-YYYY, ví dụ 2020-2025")
    start_text, end_text = match.groups()
    for text in (start_text, end_text):
        if len(text) != 4 or not MIN_YEAR <= int(text) <= MAX_YEAR:
            raise TermError(f"năm '{text}' không hợp lệ; năm phải có 4 chữ số, từ {MIN_YEAR} đến {MAX_YEAR}")
    start, end = int(start_text), int(end_text)
    if end <= start:
        raise TermError(f"năm kết thúc ({end}) phải sau năm bắt đầu ({start})")
    if end - start > MAX_SPAN:
        raise TermError(f"nhiệm kỳ dài {end - start} năm, quá {MAX_SPAN} năm")
    return Term(start, end)
