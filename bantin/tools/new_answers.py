"""What `bantin new` needs for a post, and the rule for each value: the value, or a Problem
saying why not (in the words `bantin check` uses for the same field) and what to type instead.

The same readers hold the command line's options (all at once, `read_options`) and each answer
typed at the prompts (`bantin.tools.new_interview`): one rule per field, wherever it is typed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from bantin.model import dates
from bantin.model.fields import MAX_TITLE, line_problem
from bantin.model.registry import Agency, Kind, Registry, Unit, Unknown
from bantin.model.terms import Term, TermError, parse_term, term_problem
from bantin.model.text import clean, nfc

_Named = TypeVar("_Named", Agency, Kind)


@dataclass(frozen=True)
class Problem:
    """Why a value was refused, and what to type instead. `default`: what Enter gives when the
    question is asked again (the nearest name, the items that were right); `usage`: the value
    cannot be read at all (a date, a term), rather than being one the registry or the build
    refuses (exit codes 2 and 1)."""

    message: str
    hint: str = ""
    default: str | None = None
    usage: bool = False


@dataclass(frozen=True)
class Answers:
    """A new post's values, each held to its rule."""

    title: str
    date: dt.datetime
    agency: Agency
    kind: Kind
    units: tuple[Unit, ...] = ()
    terms: tuple[Term, ...] = ()
    author: str = ""


SKIP = "-"  # the answer that leaves an optional question empty when Enter would take a proposal
_ITEMS = re.compile(r"\s*[,;]\s*")


def read_title(text: str) -> str | Problem:
    if not clean(text):
        return Problem("thiếu tiêu đề bài viết", "ví dụ: Đại hội Chi bộ Văn phòng, nhiệm kỳ 2020-2025", usage=True)
    problem = line_problem("title", text, limit=MAX_TITLE)
    return Problem(*problem) if problem else clean(text)


def read_date(text: str) -> dt.datetime | Problem:
    try:
        return dates.parse_date(nfc(text).strip())
    except dates.DateError as exc:
        return Problem(dates.date_problem(text.strip(), exc),
                       "viết ngày/tháng/năm, có thể thêm giờ: 16/01/2020 hoặc 16/01/2020 08:30", usage=True)


def read_agency(text: str, registry: Registry, menu: Sequence[Agency] = ()) -> Agency | Problem:
    """A key, name, short name or alias (with or without tones), or a number of `menu`."""
    return _read_named(text, menu, "cơ quan", registry.lookup_agency, registry.suggest_agency,
                       "dùng mã một cơ quan trong registry.yml, hoặc thêm cơ quan mới vào đó")


def read_kind(text: str, registry: Registry, menu: Sequence[Kind] = ()) -> Kind | Problem:
    return _read_named(text, menu, "loại tin", registry.lookup_kind, registry.suggest_kind,
                       "các loại tin: " + ", ".join(registry.kinds))


def _read_named(text: str, menu: Sequence[_Named], noun: str, lookup: Callable[[str], _Named | Unknown],
                suggest: Callable[[str], _Named | None], unknown_hint: str) -> _Named | Problem:
    """An agency or kind by number of `menu`, key, name or alias; else the reason, in check's words."""
    chosen = _numbered(text, menu)
    if chosen is not None:
        return chosen
    by_menu = f"gõ số trong danh sách trên, hoặc mã, tên của {noun}"
    if not clean(text):
        return Problem(f"chưa chọn {noun}", by_menu, usage=True)
    found = lookup(clean(text))
    if not isinstance(found, Unknown):
        return found
    near = suggest(clean(text))
    return _unknown(found, near.key if near else None, by_menu if menu else unknown_hint)


def read_units(text: str | Sequence[str], agency: Agency, registry: Registry,
               numbered: bool = False) -> tuple[Unit, ...] | Problem:
    """Units of `agency`, separated by commas (or given one by one); numbers of its units as
    listed when `numbered`. Empty: none. Every unit refused is said at once."""
    items = _items(text)
    if numbered and len(items) == 1 and items[0].replace(" ", "").isdigit():
        items = items[0].split()  # "1 3" as well as "1, 3"
    units: list[Unit] = []
    kept: list[str] = []  # what Enter gives when asked again: the right ones and the nearest names
    messages: list[str] = []
    hints: list[str] = []
    listed = False  # a unit with no near name here: the agency's units are the hint
    for item in items:
        chosen = _numbered(item, agency.units) if numbered else None
        found = chosen or registry.lookup_unit(agency, item)
        if not isinstance(found, Unknown):
            units.append(found)
            kept.append(found.key)
            continue
        messages.append(found.message)
        owners = [a.short for a in registry.sorted_agencies() if a is not agency and registry.find_unit(a, item)]
        if owners:  # another agency's unit: a namesake of it here would only be a guess
            hints.append(f"'{item}' là đơn vị của {', '.join(owners)}")
            listed = True
        elif (near := registry.suggest_unit(agency, item)) is not None and found.suggestion:
            kept.append(near.key)
            hints.append(found.suggestion)
        else:
            listed = True
    if not messages:
        return tuple(dict.fromkeys(units))
    if listed:  # the validator's hint
        hints.append(f"các đơn vị của {agency.short}: {', '.join(u.key for u in agency.units) or '(chưa có)'}")
    return Problem("; ".join(messages), "; ".join(dict.fromkeys(hints)), ", ".join(dict.fromkeys(kept)) or None)


def read_terms(text: str | Sequence[str], menu: Sequence[Term] = ()) -> tuple[Term, ...] | Problem:
    """Terms (YYYY-YYYY, several separated by commas), or numbers of `menu`. Empty or '-': none."""
    items = [] if isinstance(text, str) and text.strip() == SKIP else _items(text)
    terms = []
    for item in items:
        chosen = _numbered(item, menu)
        if chosen is not None:
            terms.append(chosen)
            continue
        try:
            terms.append(parse_term(item))
        except TermError as exc:
            return Problem(term_problem(item, exc), "" if "ví dụ" in str(exc) else "viết dạng YYYY-YYYY, ví dụ 2020-2025",
                           usage=True)
    return tuple(sorted(dict.fromkeys(terms)))


def read_author(text: str) -> str | Problem:
    problem = line_problem("author", text)
    return Problem(*problem) if problem else clean(text)


def outside_term(terms: Sequence[Term], moment: dt.datetime) -> str | None:
    """What to say when none of `terms` contains the post's date (a post may name the term it
    prepares, beside its own), or None."""
    if not terms or any(term.contains(moment) for term in terms):
        return None
    named = ", ".join(map(str, terms))
    return (f"nhiệm kỳ {named} không chứa ngày {dates.format_short(moment)} của bài"
            if len(terms) == 1 else f"không nhiệm kỳ nào trong {named} chứa ngày {dates.format_short(moment)} của bài")


# -- the command line's options, all read at once -----------------------------------------------------------
FLAGS = {"title": "--tieu-de", "date": "--ngay", "agency": "--co-quan", "units": "--don-vi", "terms": "--nhiem-ky",
         "kind": "--loai", "author": "--tac-gia"}
_FLAG_HINTS = {"date": "ví dụ: --ngay 2024-02-28 08:30 hoặc --ngay 28/02/2024",
               "terms": "ví dụ: --nhiem-ky 2020-2025"}


def read_options(given: dict, registry: Registry, now: dt.datetime) -> Answers | list[tuple[str, Problem]]:
    """The options of the command line as a post's values, or every (field, problem) among them
    at once. `given`: the raw options by field (None when not given); no date means `now`."""
    problems: list[tuple[str, Problem]] = []

    def held(field: str, result):
        if isinstance(result, Problem):
            hint = _FLAG_HINTS.get(field, result.hint)
            problems.append((field, Problem(result.message, hint, None, result.usage)))
            return None
        return result

    # In the order of a post's fields, as `bantin check` reports them.
    title = held("title", read_title(given["title"])) if given.get("title") else None
    moment = held("date", read_date(given["date"])) if given.get("date") else now
    agency = held("agency", read_agency(given["agency"], registry)) if given.get("agency") else None
    units = held("units", read_units(given.get("units") or (), agency, registry)) if agency else ()
    terms = held("terms", read_terms(given.get("terms") or ()))
    kind = held("kind", read_kind(given["kind"], registry)) if given.get("kind") else None
    author = held("author", read_author(given.get("author") or ""))
    if problems or title is None or agency is None or kind is None or moment is None:
        return problems
    return Answers(title, moment, agency, kind, units or (), terms or (), author or "")


def _items(text: str | Sequence[str]) -> list[str]:
    parts = [text] if isinstance(text, str) else list(text)
    return [clean(item) for part in parts for item in _ITEMS.split(part) if clean(item)]


def _numbered(text: str, menu: Sequence):
    """The item of `menu` numbered `text` (from 1), or None."""
    text = text.strip()
    if menu and text.isascii() and text.isdigit() and 0 < int(text) <= len(menu):
        return menu[int(text) - 1]
    return None


def _unknown(found: Unknown, near: str | None, otherwise: str) -> Problem:
    return Problem(found.message, found.suggestion or otherwise, near)
