"""Terms of office (nhiệm kỳ): "2020-2025", parsed leniently and validated strictly."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bantin.model.errors import shorten

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

    def contains(self, moment: dt.date) -> bool:
        """Whether `moment` falls within the term, both years included (a congress year
        belongs to the term it ends and to the term it opens)."""
        return self.start <= moment.year <= self.end


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


def term_problem(value: object, error: TermError) -> str:
    """What `bantin check` and `bantin new` say of a term they cannot read."""
    return f"nhiệm kỳ '{shorten(value)}' không hợp lệ: {error}"


@dataclass(frozen=True, slots=True)
class TermUse:
    """A term as a post already written uses it: with that post's agency, units and date."""

    term: Term
    agency: str
    units: tuple[str, ...]
    date: dt.datetime


def proposed_terms(moment: dt.datetime, agency: str, units: Sequence[str], used: Iterable[TermUse], *,
                   calendar: Sequence[Term] = ()) -> list[Term]:
    """The terms a post of `agency` (of its `units`, if any) dated `moment` most likely belongs
    to, the likeliest first; [] when nothing says.

    This is the one place a term is proposed. The term calendar's answer (`calendar`:
    calendar.terms_at, from registry.yml's levels) comes first; then the posts already written:
    those of the same agency and, for a post of units, of one of the same units (a branch's
    terms are not its agency's), else those of the agency itself, whose term contains the date.
    Where two do (the congress year), the one used nearest to the date comes first, then the later.
    """
    wanted = set(units)
    near: dict[Term, float] = {}
    for use in used:
        if use.agency != agency or not use.term.contains(moment):
            continue
        if (wanted and not wanted & set(use.units)) or (not wanted and use.units):
            continue
        distance = abs((use.date - moment).total_seconds())
        near[use.term] = min(distance, near.get(use.term, distance))
    from_posts = sorted(near, key=lambda term: (near[term], -term.start))
    return list(dict.fromkeys([*calendar, *from_posts]))
