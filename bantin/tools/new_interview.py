"""`bantin new`'s questions at a terminal: one per value a post needs, each answer held to its
rule (`new_answers`) and asked again with the reason until it is right, so that nothing fails at
the end for an answer that could have been asked again.

Input and output are functions (`ask` as `input`, `say` as `print`), so tests type the answers.
`ask` raising EOFError or KeyboardInterrupt (Ctrl-D, Ctrl-C) stops the interview; nothing is
written before it ends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from bantin.model import dates
from bantin.model.registry import Agency, Registry, Unit
from bantin.model.terms import Term
from bantin.model.text import fold, nfc
from bantin.tools.new_answers import (
    SKIP,
    Answers,
    Problem,
    outside_term,
    read_agency,
    read_author,
    read_date,
    read_kind,
    read_terms,
    read_title,
    read_units,
)

T = TypeVar("T")
Ask = Callable[[str], str]
Say = Callable[[str], None]
Propose = Callable[[dt.datetime, Agency, Sequence[Unit]], Sequence[Term]]
Taken = Callable[[str, dt.datetime], Problem | None]

INTRO = ("Tạo bài viết mới. Trả lời từng câu rồi nhấn Enter; giá trị trong [ ] được chọn khi chỉ nhấn Enter; "
         "câu không bắt buộc thì để trống. Ctrl-C để huỷ.")
_YES, _NO = {"c", "co", "y", "yes", "u", "uh"}, {"k", "khong", "n", "no"}


class Interview:
    """The question loop: a prompt, the answer read by its rule, the reason and the same
    question again until the rule accepts it."""

    def __init__(self, ask: Ask, say: Say, intro: str = ""):
        self.ask, self.say = ask, say
        self.intro = intro  # said before the first question, if one is asked

    def question(self, prompt: str, read: Callable[[Any], T | Problem], *, default: str | None = None,
                 given: object = None) -> T:
        """The value of the first acceptable answer. `given`: a value from the command line,
        held to the same rule and asked again if refused."""
        answer = given
        while True:
            if answer is None:
                answer = self.answer(prompt, default)
            result = read(answer)
            if not isinstance(result, Problem):
                return result
            self.refused(result)
            if result.default is not None:
                default = result.default
            answer = None

    def answer(self, prompt: str, default: str | None) -> str:
        """One typed line, NFC (a terminal may send NFD), Enter giving `default`."""
        self._begin()
        while True:
            text = nfc(self.ask(f"{prompt} [{default}]: " if default else f"{prompt}: ")).strip()
            if "\ufffd" in text:  # bytes that were not UTF-8, replaced when read
                self.say("  Chưa được: có ký tự không đọc được (cửa sổ lệnh không dùng bảng mã UTF-8) "
                         "→ gõ lại; trên Windows chạy 'chcp 65001' trước khi chạy bantin.")
                continue
            return text or default or ""

    def _begin(self) -> None:
        if self.intro:
            self.say(self.intro)
            self.intro = ""

    def refused(self, problem: Problem) -> None:
        self._begin()
        self.say(f"  Chưa được: {problem.message}" + (f" → {problem.hint}" if problem.hint else ""))
        if problem.default is not None:
            self.say(f"  Nhấn Enter để dùng '{problem.default}', hoặc gõ lại.")

    def confirm(self, prompt: str) -> bool:
        """Yes or no; Enter is no."""
        while True:
            answer = fold(self.answer(f"{prompt} (c/k)", "k"))
            if answer in _YES or answer in _NO:
                return answer in _YES
            self.say("  Gõ c (có) hoặc k (không).")

    def menu(self, heading: str, items: Sequence[str]) -> None:
        """The choices a number may name, numbered from 1."""
        self._begin()
        self.say(heading)
        for n, item in enumerate(items, 1):
            self.say(f"  {n}. {item}")


def interview(registry: Registry, given: dict, *, now: dt.datetime, propose: Propose, taken: Taken,
              ask: Ask, say: Say) -> Answers:
    """Ask for every value of a new post that `given` (the command line's options, None when
    absent) does not hold, and for each given one the rules refuse.

    `propose`: the terms to offer for a date, agency and units (`terms.proposed_terms`);
    `taken`: why a title and date cannot be filed (the file exists, the address is another
    post's), or None.
    """
    q = Interview(ask, say, INTRO)
    title = q.question("Tiêu đề bài viết", read_title, given=given.get("title"))
    moment = q.question("Ngày diễn ra sự kiện (ngày/tháng/năm, có thể thêm giờ, ví dụ 16/01/2020 08:30)",
                        read_date, default=dates.format_typed(now), given=given.get("date"))
    while (problem := taken(title, moment)) is not None:  # the title makes the file's name
        q.refused(problem)
        title = q.question("Tiêu đề bài viết", read_title)

    agencies = registry.sorted_agencies()
    if not given.get("agency"):
        q.menu("Cơ quan:", [f"{a.short} ({a.key})" for a in agencies])
    agency = q.question("Cơ quan (số, mã hoặc tên)", lambda text: read_agency(text, registry, agencies),
                        given=given.get("agency"))

    units: tuple[Unit, ...] = ()
    if agency.units or given.get("units"):
        if not given.get("units"):
            q.menu(f"Đơn vị của {agency.short} (không bắt buộc; nhiều đơn vị thì cách nhau bằng dấu phẩy):",
                   [f"{u.name} ({u.key})" for u in agency.units])
        units = q.question("Đơn vị (số, mã hoặc tên)",
                           lambda text: read_units(text, agency, registry, numbered=True), given=given.get("units"))

    terms = _terms(q, moment, list(propose(moment, agency, units)), given.get("terms"))

    kinds = list(registry.kinds.values())
    if not given.get("kind"):
        q.menu("Loại tin:", [f"{k.name} ({k.key})" for k in kinds])
    kind = q.question("Loại tin (số, mã hoặc tên)", lambda text: read_kind(text, registry, kinds),
                      given=given.get("kind"))
    author = q.question("Tác giả (không bắt buộc)", read_author, given=given.get("author"))
    return Answers(title, moment, agency, kind, units, terms, author)


def _terms(q: Interview, moment: dt.datetime, proposed: list[Term], given) -> tuple[Term, ...]:
    """The post's terms: the proposal taken with Enter, '-' for none; a term not containing the
    date is kept only when confirmed."""
    if len(proposed) > 1 and not given:
        q.menu(f"Các nhiệm kỳ chứa ngày {dates.format_short(moment)} trong các bài đã có:", [str(t) for t in proposed])
    prompt = (f"Nhiệm kỳ (dạng YYYY-YYYY; gõ {SKIP} để bỏ trống)" if proposed
              else "Nhiệm kỳ (dạng YYYY-YYYY, không bắt buộc)")
    default = str(proposed[0]) if proposed else None
    while True:
        terms = q.question(prompt, lambda text: read_terms(text, proposed), default=default, given=given)
        given = None
        warning = outside_term(terms, moment)
        if warning is None:
            return terms
        q.say(f"  Lưu ý: {warning}.")
        if q.confirm("Vẫn dùng nhiệm kỳ này?"):
            return terms
